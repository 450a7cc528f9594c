/**
 * End-to-end scenarios against real Open vSwitch in Mininet, one class per scenario. {@link
 * io.skylane.mininet.Lab} drives the network through skylane_lab.py, {@link
 * io.skylane.mininet.ControllerProcess} runs the built server as a user would, {@link
 * io.skylane.mininet.SkylaneRest} asks it what it sees. {@link io.skylane.mininet.OverlayLab} builds
 * the overlay lab instead (hypervisors each with their own Open vSwitch, joined by an underlay that
 * no controller programs). They skip only when not root; see docs/lab.md.
 */
package io.skylane.mininet;
