package org.csgateway.app.e2e.soak;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway process's memory at one moment under load: resident memory as the load left it, then heap in use and
 * resident memory right after a forced full collection (what the process keeps, whatever garbage the load had
 * made), and the peak resident memory so far.
 *
 * @param elapsed since the load started
 * @param requests answers counted so far
 * @param rss {@code VmRSS} before the collection
 * @param heapAfterGc heap in use after {@code GC.run}, from {@code GC.heap_info}
 * @param rssAfterGc {@code VmRSS} after the collection
 * @param peakRss {@code VmHWM}, the highest resident memory since the process started
 */
record MemorySample(Duration elapsed, long requests, long rss, long heapAfterGc, long rssAfterGc, long peakRss) {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total.*?used (\\d+)K");
  private static final double MIB = 1024 * 1024;

  /** Takes a sample of this process: its RSS, a full collection and the heap it leaves, its RSS again. */
  static MemorySample of(GatewayProcess gateway, Duration elapsed, long requests) {
    long rss = gateway.procStatusBytes("VmRSS");
    String heapInfo = gateway.jcmd("GC.run", "GC.heap_info");
    Matcher used = HEAP_USED.matcher(heapInfo);
    if (!used.find()) {
      throw new AssertionError("no heap use in jcmd's GC.heap_info: " + heapInfo);
    }
    return new MemorySample(elapsed, requests, rss, Long.parseLong(used.group(1)) * 1024,
        gateway.procStatusBytes("VmRSS"), gateway.procStatusBytes("VmHWM"));
  }

  /** One line for the log: {@code soak sample t=+40s requests=51234 heapAfterGc=21.3MiB ...}. */
  String line() {
    return String.format(Locale.ROOT, "soak sample t=+%ds requests=%d heapAfterGc=%.1fMiB rss=%.1fMiB "
        + "rssAfterGc=%.1fMiB peakRss=%.1fMiB", elapsed.toSeconds(), requests, heapAfterGc / MIB, rss / MIB,
        rssAfterGc / MIB, peakRss / MIB);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1fMiB", bytes / MIB);
  }

  /** The median of the first {@code count} samples' values. */
  static long firstMedian(List<MemorySample> samples, int count, ToLongFunction<MemorySample> value) {
    return median(samples.subList(0, count), value);
  }

  /** The median of the last {@code count} samples' values. */
  static long lastMedian(List<MemorySample> samples, int count, ToLongFunction<MemorySample> value) {
    return median(samples.subList(samples.size() - count, samples.size()), value);
  }

  private static long median(List<MemorySample> samples, ToLongFunction<MemorySample> value) {
    long[] values = samples.stream().mapToLong(value).sorted().toArray();
    return values[values.length / 2];
  }
}
