package org.refugium.cli;

import picocli.CommandLine.Command;

/**
 * refugium photos: the node's photo mirror. This branch adds pack and unpack; fetch, status and verify are
 * registered here too once merged (see docs/photos.md).
 */
@Command(name = "photos", mixinStandardHelpOptions = true, description = "The photo mirror: carry photos to an offline node.",
    subcommands = {PhotosPackCommand.class, PhotosUnpackCommand.class})
final class PhotosCommand {}
