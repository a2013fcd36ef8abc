package org.csgateway.core.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.csgateway.core.error.ErrorResponder;

/**
 * Rewrites the two irregular error shapes the upstream sends into the documented one (api.md §6):
 * {@code {"errors":"text"}} becomes {@code {"errors":["text"]}}, and an ActiveModel errors hash
 * {@code {"errors":{"field":["msg", ...]}}} becomes {@code {"errors":["field msg", ...]}} in the hash's order,
 * {@code base} messages without a prefix (Rails' {@code full_messages} convention). Anything else, including
 * bodies that are not JSON or a hash holding anything but strings and lists of strings, is not touched.
 */
final class ErrorBodies {
  private static final String ERRORS = "errors";
  private static final String BASE = "base";

  private final ErrorResponder errors;

  ErrorBodies(ErrorResponder errors) {
    this.errors = errors;
  }

  /** The rewritten body, or null when the body must stay as it is. */
  Buffer normalize(Buffer body) {
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (RuntimeException notJson) {
      return null;
    }
    if (!(parsed instanceof JsonObject object)) {
      return null;
    }
    List<String> messages = messages(object.getValue(ERRORS));
    if (messages == null) {
      return null;
    }
    if (object.size() == 1) {
      return errors.body(messages);
    }
    object.put(ERRORS, new JsonArray(messages)); // keeps the other members and their order
    return object.toBuffer();
  }

  private static List<String> messages(Object value) {
    if (value instanceof String text) {
      return List.of(text);
    }
    if (!(value instanceof JsonObject fields)) {
      return null;
    }
    List<String> messages = new ArrayList<>();
    for (Map.Entry<String, Object> field : fields) {
      String prefix = field.getKey().equals(BASE) ? "" : field.getKey() + " ";
      if (field.getValue() instanceof String text) {
        messages.add(prefix + text);
      } else if (field.getValue() instanceof JsonArray list) {
        for (Object message : list) {
          if (!(message instanceof String text)) {
            return null;
          }
          messages.add(prefix + text);
        }
      } else {
        return null;
      }
    }
    return messages;
  }
}
