package io.minicontainer.cli;

import io.minicontainer.diag.RuntimeFailure;
import io.minicontainer.diag.UserError;
import io.minicontainer.plan.PlanException;
import io.minicontainer.diag.Diagnostic;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * Every verb extends this: it maps failures to named exit codes with a one-line message, and prints
 * a stack trace only with --debug.
 */
abstract class BaseCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand rootCommand;

    GlobalOptions global;

    protected abstract int execute() throws Exception;

    ErrorReporter reporter() { return new ErrorReporter(global, System.err); }

    @Override
    public final Integer call() {
        global = rootCommand == null ? new GlobalOptions() : rootCommand.global;
        ErrorReporter reporter = reporter();
        try {
            if (global.systemdCgroup) {
                throw new UserError("--systemd-cgroup is not supported: there is no systemd here; mini-container writes cgroupfs directly (drop the flag)");
            }
            return execute();
        } catch (UserError e) {
            for (Diagnostic d : e.diagnostics()) {
                if (d.isError()) reporter.error(d.format()); else reporter.warning(d.format());
            }
            if (e.getMessage() != null && !e.getMessage().isEmpty()) reporter.error(e.getMessage());
            debugTrace(e);
            return ExitCode.INVALID_INPUT;
        } catch (PlanException e) {
            reporter.error(e.pointer() + ": " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
            debugTrace(e);
            return ExitCode.INVALID_INPUT;
        } catch (RuntimeFailure e) {
            reporter.error(e.getMessage());
            debugTrace(e);
            return ExitCode.RUNTIME_FAILURE;
        } catch (java.io.IOException e) {
            // the host refused a file operation (permissions, a missing directory): not a bug in us
            reporter.error(ioMessage(e));
            debugTrace(e);
            return ExitCode.RUNTIME_FAILURE;
        } catch (Exception | Error e) {
            reporter.error("internal error: " + e + (global.debug ? "" : " (run with --debug for a stack trace; please report it)"));
            debugTrace(e);
            return ExitCode.INTERNAL;
        }
    }

    private static String ioMessage(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException n) return n.getFile() + ": no such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException a) return a.getFile() + ": permission denied (mini-container needs root)";
        if (e instanceof java.nio.file.FileSystemException f) return f.getFile() + ": " + f.getReason();
        return "I/O error: " + e.getMessage();
    }

    private void debugTrace(Throwable e) {
        if (global.debug) e.printStackTrace(System.err);
    }
}
