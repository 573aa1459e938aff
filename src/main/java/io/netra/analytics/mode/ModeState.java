package io.netra.analytics.mode;

import java.time.Instant;

/** The mode in force, who set it and when ({@code by} is "config" for the startup mode). */
public record ModeState(OperatingMode mode, String by, Instant at) {
}
