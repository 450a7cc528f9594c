/**
 * The runnable controller: {@link io.skylane.server.SkylaneController} wires every part by
 * constructors, {@link io.skylane.server.ConfigLoader} reads the configuration (embedded defaults,
 * a YAML file, flags), {@link io.skylane.server.SkylaneCommand} is the {@code skylane} command line
 * ({@code run}, {@code bench}, and the API client in {@code cli}).
 */
package io.skylane.server;
