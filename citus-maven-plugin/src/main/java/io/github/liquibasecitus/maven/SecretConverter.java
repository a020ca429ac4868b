package io.github.liquibasecitus.maven;

import org.codehaus.plexus.component.configurator.converters.basic.AbstractBasicConverter;

/** Makes a {@link Secret} from its configured text, telling nobody the text. */
final class SecretConverter extends AbstractBasicConverter {
  @Override
  public boolean canConvert(Class<?> type) {
    return Secret.class.equals(type);
  }

  @Override
  protected Object fromString(String text) {
    return new Secret(text);
  }
}
