package dev.lineage.test;

import dev.lineage.Lineage;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@code Lineage} parameters of tests and lifecycle methods (see {@link LineageTest}). One Lineage per
 * test, shared by its {@code @BeforeEach}, the test and its {@code @AfterEach}, and closed when the test ends
 * (a {@code @BeforeAll} gets one for the class, closed after it).
 *
 * @since 0.1.0
 */
public final class LineageExtension implements ParameterResolver {
  /** The system property naming a store to run the rules against. */
  public static final String STORE_PROPERTY = "lineage.test.store";
  /** The environment variable naming one (the property wins). */
  public static final String STORE_ENV = "LINEAGE_TEST_STORE";
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LineageExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Lineage.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try { // the test's own context for @BeforeEach, the test and @AfterEach; the class's for @BeforeAll
      return context.getStore(NAMESPACE).getOrComputeIfAbsent("lineage", k -> new Opened(open()), Opened.class).lineage;
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot open the Lineage for " + context.getDisplayName() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The store named by the property or the variable, else a fresh one in memory. No system metrics and no code
   * capture: a test of lineage rules would otherwise store the test's own classes into every test's store.
   */
  static Lineage open() {
    String store = System.getProperty(STORE_PROPERTY);
    if (store == null || store.isBlank()) {
      store = System.getenv(STORE_ENV);
    }
    return store == null || store.isBlank()
        ? Lineage.builder().store("mem:").systemMetrics(false).recordCode(false).build()
        : Lineage.builder().store(store).systemMetrics(false).recordCode(false).autoIndex(0).build();
  }

  /**
   * Closed by JUnit when the test's store is closed. JUnit 5.13 deprecates CloseableResource for AutoCloseable, but
   * the user brings their own JUnit ({@code provided}), and one before 5.13 closes only a CloseableResource.
   */
  @SuppressWarnings("deprecation")
  private static final class Opened implements ExtensionContext.Store.CloseableResource {
    final Lineage lineage;

    Opened(Lineage lineage) {
      this.lineage = lineage;
    }

    @Override
    public void close() {
      lineage.close();
    }
  }
}
