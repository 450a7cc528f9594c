package io.skylane.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that calls the API. Exit codes: 0 done; 1 the API refused (its error type, message and
 * field on stderr); 2 a usage error (picocli's); 3 the controller could not be reached.
 */
abstract class ClientCommand implements Callable<Integer> {

    static final int REFUSED = 1;
    static final int UNREACHABLE = 3;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec self;

    private final CliEnv env;

    ClientCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public final Integer call() {
        PrintWriter err = self.commandLine().getErr();
        Printer printer = new Printer(self.commandLine().getOut(), err, client.output());
        try {
            ApiClient api = client.connect(env);
            run(api, printer);
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(self.commandLine(), e.getMessage(), e);
        } catch (ApiError e) {
            err.println(e.describe());
            if (e.status() == 401) {
                err.println("skylane: give a token with --token or SKYLANE_TOKEN (the admin's: SKYLANE_ADMIN_TOKEN)");
            }
            err.flush();
            return REFUSED;
        } catch (Unreachable e) {
            err.println("skylane: " + e.getMessage());
            err.flush();
            return UNREACHABLE;
        }
    }

    /** Does the calls and prints the answers; IllegalArgumentException is a usage error. */
    abstract void run(ApiClient api, Printer out) throws ApiError, Unreachable;

    /** The value of the spec's parent option ({@code member ... --pool ID}), or null for a resource without parent. */
    final String parentId(ResourceSpec spec) {
        return spec.parent() == null ? null : self.findOption(spec.parent().option()).getValue();
    }

    /** Whether the option named {@code name} was given. */
    final boolean given(String name) {
        return self.commandLine().getParseResult().hasMatchedOption(name);
    }
}
