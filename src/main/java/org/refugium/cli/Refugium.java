package org.refugium.cli;

import org.refugium.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable: {@code refugium <command>}. Each subcommand is a small class in this package. */
@Command(name = "refugium", mixinStandardHelpOptions = true, versionProvider = Refugium.VersionProvider.class,
    description = "An offline mirror node for iNaturalist's public data.",
    subcommands = {ImportCommand.class, ServeCommand.class, SnapshotsCommand.class, KeysCommand.class, GenExportCommand.class,
        ModelsCommand.class, IdentifyCommand.class, PhotosCommand.class, BenchRecognitionCommand.class,
        BenchPreprocessingCommand.class,
        CommandLine.HelpCommand.class})
public final class Refugium {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Refugium());
    cli.setExecutionExceptionHandler(new FriendlyErrors());
    return cli;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"refugium " + Version.current()};
    }
  }
}
