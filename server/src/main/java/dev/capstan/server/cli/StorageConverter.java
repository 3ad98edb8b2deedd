package dev.capstan.server.cli;

import dev.capstan.server.StorageKind;
import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code sqlite|etcd|memory}, with a message that lists the choices. */
final class StorageConverter implements CommandLine.ITypeConverter<StorageKind> {
  @Override
  public StorageKind convert(String value) {
    try {
      return StorageKind.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("unknown storage '" + value + "': choose sqlite, etcd or memory");
    }
  }
}
