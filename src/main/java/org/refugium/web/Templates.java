package org.refugium.web;

import freemarker.ext.beans.ResourceBundleModel;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * FreeMarker over the classpath templates. {@code .ftlh} files are HTML output format, so every
 * {@code ${...}} is HTML-escaped unless a template says {@code ?no_esc} (used only for SVG that the Java
 * side built from numbers and escaped text). Numbers print in computer format by default so ids in URLs
 * never get digit grouping; counts for people go through {@code ui.n(...)}.
 */
public final class Templates {

  static final String BUNDLE = "org.refugium.web.messages";

  private final Configuration cfg;
  private final DefaultObjectWrapper wrapper;

  public Templates() {
    cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(Templates.class, "/org/refugium/web/templates");
    cfg.setDefaultEncoding("UTF-8");
    cfg.setRecognizeStandardFileExtensions(true);
    cfg.setNumberFormat("computer");
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    DefaultObjectWrapperBuilder b = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
    b.setExposeFields(true); // the API's views are public-field classes
    wrapper = b.build();
    cfg.setObjectWrapper(wrapper);
  }

  /** The UI strings of {@code language}; the base bundle is English, and there is no fallback to the JVM's locale. */
  public static ResourceBundle messages(String language) {
    return ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /**
   * {@code msg["key"]} and {@code msg("key", args)} in templates, formatted like {@link PageRequest#format}: with
   * ICU's MessageFormat, so plural forms follow the page's language.
   */
  private static final class IcuMessages extends ResourceBundleModel {
    private final PageRequest ui;

    IcuMessages(PageRequest ui, freemarker.ext.beans.BeansWrapper wrapper) {
      super(ui.messages(), wrapper);
      this.ui = ui;
    }

    @Override
    public String format(String key, Object[] params) {
      return ui.format(key, params);
    }
  }

  public String render(String template, Map<String, Object> model, PageRequest ui) {
    Map<String, Object> root = new HashMap<>(model);
    root.put("ui", ui);
    root.put("msg", new IcuMessages(ui, wrapper));
    try {
      Template t = cfg.getTemplate(template, Locale.forLanguageTag(ui.language()));
      StringWriter out = new StringWriter(16_384);
      t.process(root, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
    }
  }
}
