package io.minicontainer.diff;

/**
 * One isolation-relevant fact of a plan, comparable with the same key in another plan.
 *
 * @param key        what is compared ("capability bounding CAP_SYS_ADMIN", "limit memory.max")
 * @param kind       the group it is listed under (capability, limit, mount, namespace, ...)
 * @param subject    what it is about, as printed ("CAP_SYS_ADMIN in bounding", "memory.max")
 * @param value      its value as printed
 * @param reach      how much it lets the container reach: a change to a higher reach widens isolation
 * @param absentReach the reach of the other side when this fact is absent there
 * @param pointer    the config field behind it
 */
record Entry(String key, String kind, String subject, String value, long reach, long absentReach, String pointer) {
    /** A fact whose presence is all that counts: present widens (a capability) or narrows (a masked path). */
    static Entry presence(String key, String kind, String subject, String value, boolean presentWidens, String pointer) {
        return new Entry(key, kind, subject, value, presentWidens ? 1 : 0, presentWidens ? 0 : 1, pointer);
    }
}
