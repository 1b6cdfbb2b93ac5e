package io.minicontainer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minicontainer.seccomp.Filter;
import io.minicontainer.seccomp.SeccompCompiler;
import io.minicontainer.spec.DefaultSpec;
import io.minicontainer.spec.Spec;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * bench/seccomp.sh's Java side.
 * {@code compile [PROFILE]}: cold (first) and warm (median, best of many) compile time of a
 * containers-common profile (default: podman's), with the program size.
 * {@code oci [PROFILE]}: prints that profile as OCI linux.seccomp JSON, for the benchmark's bundle.
 */
public final class SeccompCompileBench {
    private SeccompCompileBench() {}

    public static void main(String[] args) throws Exception {
        Path file = args.length > 1 ? Path.of(args[1]) : ContainersSeccompProfile.DEBIAN_DEFAULT;
        Spec.Seccomp profile = ContainersSeccompProfile.load(file, DefaultSpec.DEFAULT_CAPS);
        if (args.length > 0 && args[0].equals("oci")) {
            System.out.println(new ObjectMapper().writeValueAsString(profile));
            return;
        }
        long tt = System.nanoTime();
        io.minicontainer.seccomp.SyscallTable.size(io.minicontainer.seccomp.Arch.NATIVE);
        long table = System.nanoTime() - tt;
        long t0 = System.nanoTime();
        Filter first = SeccompCompiler.compile(profile);
        long cold = System.nanoTime() - t0;
        for (int i = 0; i < 2000; i++) SeccompCompiler.compile(profile);
        long[] warm = new long[500];
        for (int i = 0; i < warm.length; i++) {
            long s = System.nanoTime();
            SeccompCompiler.compile(profile);
            warm[i] = System.nanoTime() - s;
        }
        Arrays.sort(warm);
        int names = 0;
        for (Spec.SyscallRule r : profile.syscalls()) names += r.names().size();
        System.out.printf("profile=%s%nnames=%d%ninstructions=%d%ntable_load_us=%.0f%ncold_us=%.0f%nwarm_median_us=%.1f%nwarm_best_us=%.1f%nsummary=%s%n",
                file, names, first.instructions(), table / 1e3, cold / 1e3, warm[warm.length / 2] / 1e3, warm[0] / 1e3, first.summary());
    }
}
