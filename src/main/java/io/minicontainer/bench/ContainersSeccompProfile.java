package io.minicontainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.spec.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns a containers-common seccomp profile (/usr/share/containers/seccomp.json: archMap, and
 * includes/excludes by capability and arch) into the OCI linux.seccomp podman would write for an
 * amd64 container with the given capabilities. Used by tests and bench/, not by the runtime.
 */
public final class ContainersSeccompProfile {
    public static final Path DEBIAN_DEFAULT = Path.of("/usr/share/containers/seccomp.json");

    private ContainersSeccompProfile() {}

    public static Spec.Seccomp load(Path file, Collection<String> caps) throws IOException {
        return resolve(new ObjectMapper().readTree(file.toFile()), caps);
    }

    public static Spec.Seccomp resolve(JsonNode profile, Collection<String> caps) {
        List<String> arches = new ArrayList<>();
        for (JsonNode m : profile.path("archMap")) {
            if (!"SCMP_ARCH_X86_64".equals(m.path("architecture").asText())) continue;
            arches.add("SCMP_ARCH_X86_64");
            m.path("subArchitectures").forEach(a -> arches.add(a.asText()));
        }
        List<Spec.SyscallRule> rules = new ArrayList<>();
        for (JsonNode s : profile.path("syscalls")) {
            if (!applies(s.path("includes"), s.path("excludes"), caps)) continue;
            List<String> names = new ArrayList<>();
            s.path("names").forEach(n -> names.add(n.asText()));
            List<Spec.SyscallArg> args = new ArrayList<>();
            for (JsonNode a : s.path("args")) {
                args.add(new Spec.SyscallArg(a.path("index").asInt(), a.path("value").asLong(),
                        a.hasNonNull("valueTwo") ? a.path("valueTwo").asLong() : null, a.path("op").asText()));
            }
            Integer errnoRet = s.hasNonNull("errnoRet") ? s.get("errnoRet").asInt() : null;
            rules.add(new Spec.SyscallRule(names, s.path("action").asText(), errnoRet, args.isEmpty() ? null : args));
        }
        Integer defaultErrno = profile.hasNonNull("defaultErrnoRet") ? profile.get("defaultErrnoRet").asInt() : null;
        return new Spec.Seccomp(profile.path("defaultAction").asText(), defaultErrno, arches, null, rules);
    }

    /** containers-common: every included cap held, no excluded cap held; arch lists name Go's GOARCH. */
    private static boolean applies(JsonNode includes, JsonNode excludes, Collection<String> caps) {
        for (JsonNode c : includes.path("caps")) if (!caps.contains(c.asText())) return false;
        for (JsonNode c : excludes.path("caps")) if (caps.contains(c.asText())) return false;
        if (includes.path("arches").size() > 0 && !contains(includes.path("arches"), "amd64")) return false;
        if (contains(excludes.path("arches"), "amd64")) return false;
        return true; // minKernel: this project's kernels are 6.x, newer than any minKernel in the profile
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode v : list) if (v.asText().equals(value)) return true;
        return false;
    }
}
