package io.minicontainer.diff;

import java.util.Locale;

/** What a change does to the container's isolation. */
public enum Effect {
    WIDENS, NARROWS, NEUTRAL;

    public String lower() { return name().toLowerCase(Locale.ROOT); }
}
