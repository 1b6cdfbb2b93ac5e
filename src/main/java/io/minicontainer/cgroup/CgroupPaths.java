package io.minicontainer.cgroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Pure string helpers for cgroup paths and directories. */
public final class CgroupPaths {
    private CgroupPaths() {}

    /** The names in a cgroupsPath; rejects ".." because it would escape the hierarchy (or our own cgroup). */
    public static List<String> components(String cgroupsPath) {
        List<String> names = new ArrayList<>();
        for (String part : cgroupsPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                throw new IllegalArgumentException("cgroupsPath \"" + cgroupsPath
                        + "\" must not contain \"..\": it would leave the cgroup it is relative to");
            }
            names.add(part);
        }
        return names;
    }

    public static String join(String dir, String child) {
        return dir.endsWith("/") ? dir + child : dir + "/" + child;
    }

    /** True when some other dir in the list lies below {@code dir}, i.e. {@code dir} is an intermediate parent. */
    public static boolean isAncestorOfAny(String dir, Collection<String> dirs) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        for (String d : dirs) {
            if (d.startsWith(prefix)) return true;
        }
        return false;
    }

    public static int depth(String dir) {
        int n = 0;
        for (int i = 0; i < dir.length(); i++) if (dir.charAt(i) == '/') n++;
        return n;
    }

    public static String parentOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash <= 0 ? "/" : file.substring(0, slash);
    }
}
