package dev.capstan.server;

import dev.capstan.server.cli.ServerCommand;
import dev.capstan.server.cli.StorageCommand;
import dev.capstan.server.endpoints.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar capstan.jar <command>}. */
@Command(name = "capstan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A Kubernetes-compatible control plane.",
    subcommands = {ServerCommand.class, StorageCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Exit explicitly: client libraries (jetcd's gRPC) leave non-daemon threads behind.
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.load();
      return new String[] {"capstan " + b.version() + " (Kubernetes API " + b.gitVersion() + ")"};
    }
  }
}
