package org.csgateway.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fault records and their registry, without a server. */
class SandboxFaultTest {

  @Test
  void should_round_trip_through_json_when_the_fault_is_valid() {
    SandboxFault fault = SandboxFault.slowBody(Duration.ofMillis(25), 64).times(3).onPath("/api/projects");

    assertThat(SandboxFault.fromJson(fault.toJson())).isEqualTo(fault);
  }

  @Test
  void should_explain_what_is_wrong_when_the_fault_is_invalid() {
    assertThatThrownBy(() -> SandboxFault.status(404)).hasMessage("status must be a 5xx status, was 404");
    assertThatThrownBy(() -> SandboxFault.delay(Duration.ZERO)).hasMessage("delay must be positive for kind delay");
    assertThatThrownBy(() -> SandboxFault.fromJson(new JsonObject().put("kind", "melt")))
        .hasMessage("unknown fault kind 'melt'");
    assertThatThrownBy(() -> SandboxFault.fromJson(new JsonObject().put("kind", "garbage").put("delayMs", 5)))
        .hasMessageContaining("delay is only for kinds delay and slow_body");
    assertThatThrownBy(() -> SandboxFault.resetMidBody().onPath("api")).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> SandboxFault.garbage().times(-1)).hasMessage("times must not be negative, was -1");
  }

  @Test
  void should_add_every_delay_and_let_the_first_other_fault_decide() {
    SandboxFaults faults = new SandboxFaults()
        .add(SandboxFault.delay(Duration.ofMillis(10)))
        .add(SandboxFault.status(503).times(1))
        .add(SandboxFault.delay(Duration.ofMillis(5)))
        .add(SandboxFault.garbage());

    SandboxFaults.Decision first = faults.decide("/api/x");
    SandboxFaults.Decision second = faults.decide("/api/x");

    assertThat(first.delay()).isEqualTo(Duration.ofMillis(15));
    assertThat(first.kind()).isEqualTo(SandboxFault.Kind.STATUS);
    assertThat(second.kind()).isEqualTo(SandboxFault.Kind.GARBAGE);
    assertThat(faults.active()).hasSize(3);
  }

  @Test
  void should_use_up_a_limited_fault_only_on_requests_it_affects() {
    SandboxFaults faults = new SandboxFaults().add(SandboxFault.status(500).times(2).onPath("/api/zones"));

    faults.decide("/api/projects");
    faults.decide("/api/zones");

    assertThat(faults.active()).containsExactly(SandboxFault.status(500).times(1).onPath("/api/zones"));
    assertThat(faults.decide("/api/zones").kind()).isEqualTo(SandboxFault.Kind.STATUS);
    assertThat(faults.decide("/api/zones")).isSameAs(SandboxFaults.Decision.NONE);
  }
}
