package io.minicontainer.cli;

import io.minicontainer.diag.UserError;

/** The quick form's --user UID[:GID]; the gid defaults to the uid, like a user's private group. */
record UserFlag(long uid, long gid) {
    /** uid_t is 32 bits and (uid_t)-1 means "unchanged" to the kernel. */
    private static final long MAX_ID = 0xFFFF_FFFEL;

    static UserFlag parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 2) throw invalid(text);
        long uid = id(parts[0], text);
        return new UserFlag(uid, parts.length == 2 ? id(parts[1], text) : uid);
    }

    private static long id(String part, String text) {
        if (!part.matches("[0-9]{1,10}")) throw invalid(text);
        long id = Long.parseLong(part);
        if (id > MAX_ID) throw new UserError("--user " + text + ": ids go up to " + MAX_ID);
        return id;
    }

    private static UserError invalid(String text) {
        return new UserError("--user " + text + ": expected UID or UID:GID as numbers, e.g. 1000 or 1000:100"
                + " (names are not looked up in the rootfs)");
    }
}
