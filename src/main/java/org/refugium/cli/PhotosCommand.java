package org.refugium.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * refugium photos: the photo mirror (docs/photos.md). Each subcommand is its own class; a new one (pack, unpack)
 * is added to the list below and nothing else changes.
 */
@Command(name = "photos", mixinStandardHelpOptions = true,
    description = "Fetches, checks, reports on and carries the photo mirror (docs/photos.md).",
    subcommands = {PhotosFetchCommand.class, PhotosStatusCommand.class, PhotosVerifyCommand.class,
        PhotosPackCommand.class, PhotosUnpackCommand.class, PhotosEmbedCommand.class})
final class PhotosCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return CommandLine.ExitCode.USAGE;
  }
}
