package io.minicontainer.cli;

/** What each verb's --help says about its container ID, written once (StateStore.requireValidId holds the rule). */
final class IdHelp {
    /** A verb on a container that exists. */
    static final String EXISTING = "Id of an existing container (given to create or run; 'mini-container list' shows them).";
    /** What an id may be. */
    static final String RULE = "letters, digits and _ + - . (not first), at most 200 characters";
    /** A verb that makes one. */
    static final String NEW = "Id for the new container, unique under --root: " + RULE + ".";
    static final String NEW_OR_RANDOM = NEW + " Default: a random mc-XXXXXXXX.";

    private IdHelp() {}
}
