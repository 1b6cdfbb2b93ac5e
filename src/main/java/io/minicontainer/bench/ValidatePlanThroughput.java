package io.minicontainer.bench;

import io.minicontainer.exec.HostProbe;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.Planner;
import io.minicontainer.plan.PlanRequest;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.validate.ValidationResult;
import io.minicontainer.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput of load + validate + plan in one warm JVM (bench/validate-plan-throughput.sh runs it).
 * Every call does the full work: no schema cache (that one serves cold CLI starts), no memoising.
 * Two workloads: "same" gives each config's text unchanged every time; "distinct" makes every text
 * unique (an env entry carrying a counter) so that no content-keyed cache anywhere could help.
 *
 * <p>Besides wall-clock rates it reports CPU time per config (the workers' own thread CPU time): on a
 * machine other work is also using, wall figures fall but CPU per config stays put, and
 * cores × 1e6 / (CPU µs per config) is what the machine would do with the cores to itself.
 *
 * <p>Usage: {@code ValidatePlanThroughput [--threads N] [--warmup-ms MS] [--measure-ms MS] CONFIG...}
 */
public final class ValidatePlanThroughput {
    private record Config(String name, String text) {}

    private static final AtomicLong COUNTER = new AtomicLong();
    private static volatile Object sink; // keeps the JIT from dropping the work
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Configs done per wall second in the window, and CPU nanoseconds the workers spent per config. */
    private record Rate(double perSecond, double cpuMicrosPerConfig) {}

    private ValidatePlanThroughput() {}

    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        long warmupMs = 10000, measureMs = 4000;
        List<Config> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup-ms" -> warmupMs = Long.parseLong(args[++i]);
                case "--measure-ms" -> measureMs = Long.parseLong(args[++i]);
                default -> configs.add(read(Path.of(args[i])));
            }
        }
        if (configs.isEmpty()) throw new IllegalArgumentException("no configs given");
        HostFacts facts = HostProbe.facts();
        for (Config c : configs) once(c, false, facts); // fails fast on an invalid input

        System.out.printf("# validate+plan throughput, %d configs, %d threads available, warm-up %d ms, measure %d ms%n",
                configs.size(), Runtime.getRuntime().availableProcessors(), warmupMs, measureMs);
        System.out.println("| workload | config | threads | configs/s (wall) | µs wall/config/thread | µs CPU/config | configs/s if the cores were ours |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        int cores = Runtime.getRuntime().availableProcessors();
        // one long warm-up of every config in both modes on every thread, so the JIT has compiled it all
        measure(configs, false, threads, warmupMs / 2, 1000, facts);
        measure(configs, true, threads, warmupMs / 2, 1000, facts);
        for (boolean distinct : new boolean[] {false, true}) {
            String workload = distinct ? "distinct" : "same";
            for (Config c : configs) {
                Rate r = measure(List.of(c), distinct, 1, 300, measureMs / 4, facts);
                row(workload, c.name, 1, r, cores);
            }
            row(workload, "all (round robin)", 1, measure(configs, distinct, 1, 300, measureMs, facts), cores);
            row(workload, "**all (round robin)**", threads, measure(configs, distinct, threads, 300, measureMs, facts), cores);
        }
    }

    private static void row(String workload, String config, int threads, Rate r, int cores) {
        System.out.printf("| %s | %s | %d | %.0f | %.1f | %.1f | %.0f |%n", workload, config, threads, r.perSecond,
                threads * 1e6 / r.perSecond, r.cpuMicrosPerConfig, cores * 1e6 / r.cpuMicrosPerConfig);
    }

    private static Config read(Path p) throws IOException {
        return new Config(p.getFileName().toString(), Files.readString(p));
    }

    /** Runs {@code threads} workers over the configs; returns completed configs per second in the measured window. */
    private static Rate measure(List<Config> configs, boolean distinct, int threads, long warmupMs, long measureMs,
                                HostFacts facts) throws InterruptedException {
        LongAdder done = new LongAdder();
        LongAdder cpuNanos = new LongAdder();
        long start = System.nanoTime();
        long measureFrom = start + warmupMs * 1_000_000L;
        long end = measureFrom + measureMs * 1_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread w = new Thread(() -> {
                int i = offset;
                long now;
                long cpuFrom = -1;
                while ((now = System.nanoTime()) < end) {
                    if (now >= measureFrom && cpuFrom < 0) cpuFrom = THREADS.getCurrentThreadCpuTime();
                    once(configs.get(i++ % configs.size()), distinct, facts);
                    if (now >= measureFrom) done.increment();
                }
                if (cpuFrom >= 0) cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuFrom);
            }, "bench-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) w.join();
        long n = Math.max(1, done.sum());
        return new Rate(done.sum() / (measureMs / 1000.0), cpuNanos.sum() / 1000.0 / n);
    }

    private static void once(Config c, boolean distinct, HostFacts facts) {
        String text = distinct ? unique(c.text) : c.text;
        LoadedSpec loaded = SpecLoader.parse("config.json", text);
        ValidationResult result = Validator.validate(loaded, false);
        if (result.hasErrors()) throw new IllegalStateException(c.name + " is not valid: " + result.errors().get(0).format());
        sink = Planner.plan(loaded.spec(), PlanRequest.forRun("bench", "/bench/bundle"), facts);
    }

    /** The same config with one more environment entry, different on every call. */
    private static String unique(String text) {
        String entry = "\"MC_BENCH=" + COUNTER.incrementAndGet() + "\"";
        int env = text.indexOf("\"env\"");
        int bracket = env < 0 ? -1 : text.indexOf('[', env);
        if (bracket < 0) throw new IllegalStateException("the distinct workload needs a process.env array");
        String rest = text.substring(bracket + 1).stripLeading();
        return text.substring(0, bracket + 1) + entry + (rest.startsWith("]") ? "" : ",") + rest;
    }
}
