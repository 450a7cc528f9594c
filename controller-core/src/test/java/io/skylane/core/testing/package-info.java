/**
 * Test fakes shipped to every module's tests through controller-core's {@code test-jar}:
 * synchronous event delivery, recording listeners, a mutable clock, an emulated switch
 * ({@link io.skylane.core.testing.FakeSwitchHandle}), packet builders, no-op service adapters, and
 * {@link io.skylane.core.testing.TestCore}, the real core managers wired together for tests.
 */
package io.skylane.core.testing;
