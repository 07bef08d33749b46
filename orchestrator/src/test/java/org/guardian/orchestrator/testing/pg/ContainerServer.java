package org.guardian.orchestrator.testing.pg;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL container. Its host port is chosen here and bound explicitly, rather than left to
 * Docker, so that a stop and start of the container (an outage test) keeps the address that the
 * nodes' pools hold; the data stays in the container between the two.
 */
final class ContainerServer extends PgServer {
    private static final int POSTGRES_PORT = 5432;
    private static final String PASSWORD = "guardian-test";
    private final PostgreSQLContainer container;
    private final int hostPort;

    private ContainerServer(PostgreSQLContainer container, int hostPort) {
        this.container = container;
        this.hostPort = hostPort;
    }

    static ContainerServer start(String image) {
        return start(image, Map.of());
    }

    /** A container whose server also gets {@code settings} on its command line. */
    static ContainerServer start(String image, Map<String, String> settings) {
        int hostPort = freePort();
        List<String> command = new ArrayList<>(List.of("postgres", "-c", "max_connections=400", "-c", "fsync=off"));
        settings.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image))
                .withDatabaseName("postgres").withUsername("postgres").withPassword(PASSWORD)
                .withCommand(command.toArray(String[]::new))
                .withCreateContainerCmdModifier(create -> create.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(POSTGRES_PORT))));
        container.start();
        return new ContainerServer(container, hostPort);
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + hostPort + "/" + database;
    }

    @Override
    public String defaultDatabase() {
        return "postgres";
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public void stop() {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void start() {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::accepts);
    }

    @Override
    public void close() {
        container.stop();
    }

    private boolean accepts() {
        try (Connection connection = dataSource(jdbcUrl(defaultDatabase())).getConnection()) {
            return connection.isValid(1);
        } catch (SQLException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
