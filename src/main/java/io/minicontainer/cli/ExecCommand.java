package io.minicontainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minicontainer.app.ConfigPipeline;
import io.minicontainer.diag.UserError;
import io.minicontainer.exec.ContainerExec;
import io.minicontainer.exec.TraceSink;
import io.minicontainer.oci.ExecTarget;
import io.minicontainer.plan.ExecPlanner;
import io.minicontainer.plan.ExecRequest;
import io.minicontainer.plan.HostFacts;
import io.minicontainer.plan.Plan;
import io.minicontainer.spec.LoadedSpec;
import io.minicontainer.spec.SpecLoader;
import io.minicontainer.state.ContainerState;
import io.minicontainer.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * runc's exec: a process from --process FILE, or the container's own process with ARGS and the flags
 * applied, is validated inside the container's recorded config and planned by the same process steps as
 * the container's first process; the helper joins the init's namespaces and cgroups and execs it.
 */
@Command(name = "exec", description = "Run a process in a running container (runc's interface).")
final class ExecCommand extends ContainerCommand {
    @Option(names = {"-p", "--process"}, paramLabel = "FILE", description = "The process as OCI process JSON (ARGS and the flags below are then ignored, except --tty).")
    Path processFile;

    @Option(names = {"-d", "--detach"}, description = "Return once the process has exec'd; it is reparented to the caller's subreaper.")
    boolean detach;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the process's host pid here.")
    Path pidFile;

    @Option(names = {"-t", "--tty"}, description = "Give the process a pseudo-terminal.")
    boolean tty;

    @Option(names = "--console-socket", paramLabel = "SOCKET", description = "Unix socket that receives the pty master (with --tty).")
    String consoleSocket;

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory in the container.")
    String cwd;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set an environment variable (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User (and group) ids, as numbers.")
    String user;

    @Option(names = {"-g", "--additional-gids"}, paramLabel = "GID", description = "Additional group id (repeatable).")
    List<Long> additionalGids = new ArrayList<>();

    @Option(names = {"-c", "--cap"}, paramLabel = "CAP", description = "Add a capability (repeatable).")
    List<String> caps = new ArrayList<>();

    @Option(names = "--no-new-privs", description = "Set no_new_privs for the process.")
    boolean noNewPrivs;

    @Option(names = "--preserve-fds", paramLabel = "N", description = "Keep fds 3 .. 3+N-1 open into the process.")
    int preserveFds;

    @Option(names = "--apparmor", paramLabel = "PROFILE", hidden = true) String apparmor;
    @Option(names = "--process-label", paramLabel = "LABEL", hidden = true) String processLabel;
    @Option(names = "--ignore-paused", hidden = true) boolean ignorePaused;

    @Option(names = "--dry-run", description = "Print the plan instead of running it.")
    boolean dryRun;

    @Option(names = "--format", defaultValue = "text", description = "Plan format for --dry-run: text or json.")
    String format;

    @Option(names = "--trace", description = "Print each step as it executes, with its duration.")
    boolean trace;

    @Parameters(index = "0", paramLabel = "ID", description = IdHelp.EXISTING)
    String id;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Command and arguments (unless --process).")
    List<String> args = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        FormatOption.require(format, "text", "json");
        if (apparmor != null && !apparmor.isEmpty()) throw new UserError("--apparmor is not supported: there is no AppArmor support");
        if (processLabel != null && !processLabel.isEmpty()) throw new UserError("--process-label is not supported: there is no SELinux support");
        if (preserveFds < 0) throw new UserError("--preserve-fds " + preserveFds + ": must be 0 or more");
        if (preserveFds > 0) {
            // the JVM starts the helper with fds 0-2 only (ProcessBuilder closes the rest), so there is nothing to pass on
            throw new UserError("--preserve-fds " + preserveFds + " is not supported yet: only fds 0, 1 and 2 reach the process");
        }
        StateStore store = store();
        ContainerState s = store.require(id);
        String status = ops().status(s);
        if (!ContainerState.RUNNING.equals(status)) {
            throw new UserError("container '" + id + "' is " + status + ": exec needs a running container");
        }
        String config = store.readConfig(id).orElseThrow(() -> new UserError("container '" + id
                + "' has no recorded config (created by an older mini-container): exec cannot know its process defaults"));
        LoadedSpec loaded = validated(withProcess(config));
        boolean terminal = loaded.spec().process().isTerminal();
        if (terminal && detach && consoleSocket == null) throw new UserError("--detach with a terminal needs --console-socket");
        if (!terminal && consoleSocket != null) throw new UserError("--console-socket given but the process has no terminal (--tty)");
        HostFacts facts = ConfigPipeline.hostFacts();
        String socket = consoleSocket == null ? null : Path.of(consoleSocket).toAbsolutePath().toString();
        ExecRequest request = ExecTarget.read(s, loaded.spec(), facts, socket, preserveFds);
        Plan plan = ExecPlanner.plan(loaded.spec(), request, facts);
        if (dryRun) {
            System.out.print(PlanOutput.render(plan, format));
            return ExitCode.OK;
        }
        TraceSink sink = trace ? TraceSink.printingTo(System.err) : TraceSink.NONE;
        return detach ? ContainerExec.detached(plan, store.trustedRoot(), sink, pidFile)
                : ContainerExec.foreground(plan, store.trustedRoot(), sink);
    }

    /** The recorded config with "process" replaced by the process to exec, as text (diagnostics point into it). */
    private String withProcess(String configText) throws Exception {
        var mapper = SpecLoader.mapper();
        ObjectNode config = (ObjectNode) mapper.readTree(configText);
        ObjectNode process;
        if (processFile != null) {
            process = ConfigPipeline.userObject(processFile.toString(), Files.readString(processFile), "a JSON object (an OCI process)");
        } else {
            if (args.isEmpty()) throw new UserError("exec needs a command after the container id, or --process FILE");
            process = config.get("process") instanceof ObjectNode o ? o.deepCopy() : mapper.createObjectNode();
            ArrayNode a = process.putArray("args");
            args.forEach(a::add);
            applyFlags(process);
        }
        if (tty) process.put("terminal", true);
        else if (processFile == null) process.put("terminal", false);
        config.set("process", process);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    }

    private void applyFlags(ObjectNode process) {
        if (cwd != null) process.put("cwd", cwd);
        ArrayNode envs = process.get("env") instanceof ArrayNode e ? e : process.putArray("env");
        for (String kv : env) {
            String key = kv.contains("=") ? kv.substring(0, kv.indexOf('=') + 1) : kv + "=";
            for (int i = envs.size() - 1; i >= 0; i--) if (envs.get(i).asText().startsWith(key)) envs.remove(i);
            envs.add(kv);
        }
        ObjectNode u = process.withObject("/user");
        if (user != null) {
            UserFlag f = UserFlag.parse(user);
            u.put("uid", f.uid());
            if (user.contains(":")) u.put("gid", f.gid());
        }
        if (!additionalGids.isEmpty()) {
            ArrayNode g = u.putArray("additionalGids");
            additionalGids.forEach(g::add);
        }
        if (!caps.isEmpty()) {
            ObjectNode c = process.withObject("/capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                ArrayNode list = c.get(set) instanceof ArrayNode l ? l : c.putArray(set);
                for (String cap : caps) {
                    String upper = cap.toUpperCase(java.util.Locale.ROOT); // not the user's locale: cap_sys_admin under tr_TR
                    String name = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
                    boolean present = false;
                    for (JsonNode n : list) present |= n.asText().equals(name);
                    if (!present) list.add(name);
                }
            }
        }
        if (noNewPrivs) process.put("noNewPrivileges", true);
    }

    /**
     * The same schema and semantic checks as create; the container's own part passed them at create, so
     * only errors anywhere and warnings about the process are shown (podman would print the rest every time).
     */
    private LoadedSpec validated(String text) {
        return ConfigPipeline.validatedPart("exec process of " + id, text, "/process", global, reporter());
    }
}
