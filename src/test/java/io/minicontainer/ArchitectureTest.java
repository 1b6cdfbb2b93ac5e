package io.minicontainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.FileOutputStream;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of docs/ARCHITECTURE.md, checked on the compiled main classes: a package uses only
 * the packages below it, the stages up to the plan do no I/O, nothing but the command line's own users
 * depend on {@code cli}, and no two packages depend on each other. A new package must be added to
 * {@link #MAY_USE} (the test fails for a class in no layer).
 *
 * <p>Bytecode is what is checked, so a reference only to a compile-time constant (inlined by javac) is not
 * seen; every other use of a class is.
 */
class ArchitectureTest {
    private static final String BASE = "io.minicontainer.";

    /** Each package, bottom up, with the packages it may use. Sub-packages belong to their package. */
    static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        List<String> pure = List.of("diag", "spec", "seccomp", "cgroup", "validate", "plan");
        MAY_USE.put("diag", List.of());
        MAY_USE.put("timing", List.of());
        MAY_USE.put("ffi", List.of());
        MAY_USE.put("spec", List.of("diag"));
        MAY_USE.put("seccomp", List.of("spec", "diag"));
        MAY_USE.put("cgroup", List.of("spec", "diag"));
        MAY_USE.put("validate", List.of("cgroup", "seccomp", "spec", "diag"));
        MAY_USE.put("plan", List.of("validate", "cgroup", "seccomp", "spec", "diag"));
        MAY_USE.put("audit", pure);
        MAY_USE.put("diff", pure);
        MAY_USE.put("state", List.of("spec", "diag"));
        MAY_USE.put("exec", plus(pure, "state", "timing", "ffi"));
        MAY_USE.put("oci", plus(pure, "state", "exec", "timing", "ffi"));
        MAY_USE.put("app", plus(pure, "audit", "diff", "state", "exec", "oci", "timing", "ffi"));
        MAY_USE.put("cli", plus(pure, "audit", "diff", "state", "exec", "oci", "app", "timing", "ffi"));
        // bench: the archive workload and benchmarks drive everything, the command line included
        MAY_USE.put("bench", plus(pure, "audit", "diff", "state", "exec", "oci", "app", "cli", "timing", "ffi"));
    }

    /** Pure stages: they may read a config or the host (spec, validate) but write nothing and start nothing. */
    static final List<String> NO_WRITES = List.of("diag", "spec", "seccomp", "cgroup", "validate", "plan", "audit", "diff");
    /** Purer still: they do not touch the file system at all (the host is known through plan.HostFacts). */
    static final List<String> NO_FILES = List.of("diag", "seccomp", "cgroup", "plan", "audit", "diff");

    /** java.nio.file.Files methods that change the file system. */
    static final Set<String> FILES_WRITES = Set.of("write", "writeString", "newOutputStream", "newBufferedWriter",
            "newByteChannel", "createFile", "createDirectory", "createDirectories", "createTempFile", "createTempDirectory",
            "createLink", "createSymbolicLink", "delete", "deleteIfExists", "move", "copy", "setAttribute",
            "setPosixFilePermissions", "setOwner", "setLastModifiedTime");

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.minicontainer");
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (String pkg : MAY_USE.keySet()) layers = layers.layer(pkg).definedBy(BASE + pkg + "..");
        for (Map.Entry<String, List<String>> e : MAY_USE.entrySet()) {
            layers = e.getValue().isEmpty() ? layers.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(e.getKey()).mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        layers.because("docs/ARCHITECTURE.md: spec -> validate -> plan, and the I/O packages above them")
                .check(classes);
    }

    @Test
    void nothingButBenchUsesTheCommandLine() {
        noClasses().that().resideOutsideOfPackages(BASE + "cli..", BASE + "bench..")
                .should().dependOnClassesThat().resideInAPackage(BASE + "cli..")
                .because("cli only parses and prints; what verbs share lives in app")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineUsesPicocli() {
        noClasses().that().resideOutsideOfPackage(BASE + "cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .because("app is driven by any front end: the verbs, the quick form, the picocli-free fast paths, tests")
                .check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(BASE + "(*)..").should().beFreeOfCycles().check(classes);
    }

    /** Sub-packages too: validate's checks build on validate.core and validate runs them, never the reverse. */
    @Test
    void noCyclesBetweenAnyTwoPackagesSubPackagesIncluded() {
        slices().matching(BASE + "(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theStagesUpToThePlanWriteNothingAndStartNothing() {
        noClasses().that().resideInAnyPackage(packages(NO_WRITES))
                .should().callMethodWhere(filesWrite())
                .orShould().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, FileOutputStream.class, FileWriter.class,
                        RandomAccessFile.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("jnr..", BASE + "ffi..")
                .because("loading, validating and planning a config has no effect on the host")
                .check(classes);
    }

    @Test
    void thePlannerAndThePureLibrariesDoNotTouchTheFileSystem() {
        noClasses().that().resideInAnyPackage(packages(NO_FILES))
                .should().dependOnClassesThat().belongToAnyOf(Files.class, java.io.File.class, java.io.FileInputStream.class,
                        java.io.FileReader.class)
                .because("the planner knows the host only through HostFacts, read before planning (exec.HostProbe)")
                .check(classes);
    }

    @Test
    void onlyTheIoPackagesStartProcesses() {
        noClasses().that().resideOutsideOfPackages(BASE + "exec..", BASE + "oci..", BASE + "app..", BASE + "bench..")
                .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class)
                .because("the helper and hooks are started by exec and oci; app runs `git show` for diff and audit inputs")
                .check(classes);
    }

    private static DescribedPredicate<JavaMethodCall> filesWrite() {
        return DescribedPredicate.describe("a java.nio.file.Files method that writes",
                call -> call.getTargetOwner().isEquivalentTo(Files.class) && FILES_WRITES.contains(call.getName()));
    }

    private static String[] packages(List<String> names) {
        return names.stream().map(n -> BASE + n + "..").toArray(String[]::new);
    }

    private static List<String> plus(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }
}
