package org.guardian.orchestrator.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;

/**
 * {@code /prometheus} on the admin port: the Dropwizard registry in Prometheus text format, with
 * the schedule as a label ({@link MetricNames#PROMETHEUS_MAPPINGS}); other names have their dots
 * turned into underscores.
 */
public final class PrometheusEndpoint {
    public static final String PATH = "/prometheus";

    private PrometheusEndpoint() {
    }

    public static void register(Environment environment, MetricRegistry registry) {
        CollectorRegistry prometheus = new CollectorRegistry();
        prometheus.register(new DropwizardExports(registry,
                new CustomMappingSampleBuilder(MetricNames.PROMETHEUS_MAPPINGS)));
        environment.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping(PATH);
    }
}
