package io.minicontainer.app;

/** Where the runtime keeps its state (--root): what the application layer needs of the command line's global options. */
public interface StateDir {
    String root();
}
