package org.csgateway.app.sandbox;

/** Everything the sandbox's event loops share: accounts, tokens, data, counters, faults and the request record. */
final class SandboxState {
  private final SandboxOptions options;
  private final SandboxStats stats = new SandboxStats();
  private final SandboxFaults faults = new SandboxFaults();
  private final Accounts accounts = new Accounts();
  private final TokenStore tokens;
  private final RequestRecorder recorder;
  private final DataStore data;

  SandboxState(SandboxOptions options) {
    this.options = options;
    this.tokens = new TokenStore(options.clock(), options.tokenLifetime(), accounts);
    this.recorder = new RequestRecorder(options.recordedRequests(), options.clock());
    this.data = DataStore.seeded(options.clock(), accounts);
  }

  SandboxOptions options() {
    return options;
  }

  SandboxStats stats() {
    return stats;
  }

  SandboxFaults faults() {
    return faults;
  }

  Accounts accounts() {
    return accounts;
  }

  TokenStore tokens() {
    return tokens;
  }

  RequestRecorder recorder() {
    return recorder;
  }

  DataStore data() {
    return data;
  }
}
