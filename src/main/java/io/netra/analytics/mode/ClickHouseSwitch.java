package io.netra.analytics.mode;

/** What a capability needs to know of the operating mode: whether it may call ClickHouse now. */
public interface ClickHouseSwitch {

    boolean clickHouseEnabled();
}
