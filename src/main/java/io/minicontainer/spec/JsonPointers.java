package io.minicontainer.spec;

/** RFC 6901 JSON pointer helpers; pointers are plain strings so they are cheap map keys. */
public final class JsonPointers {
    private JsonPointers() {}

    public static String append(String parent, String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) return parent + '/' + key;
        return parent + '/' + key.replace("~", "~0").replace("/", "~1");
    }

    public static String append(String parent, int index) { return parent + '/' + index; }

    /** The pointer one level up; "" stays "". */
    public static String parent(String pointer) {
        int i = pointer.lastIndexOf('/');
        return i <= 0 ? "" : pointer.substring(0, i);
    }

    /** The unescaped last segment ("" for the document). */
    public static String lastSegment(String pointer) {
        int i = pointer.lastIndexOf('/');
        if (i < 0) return "";
        return pointer.substring(i + 1).replace("~1", "/").replace("~0", "~");
    }
}
