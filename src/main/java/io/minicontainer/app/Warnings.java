package io.minicontainer.app;

/** Where the application layer sends warnings: the command line prints them (and copies them to --log). */
public interface Warnings {
    void warning(String message);
}
