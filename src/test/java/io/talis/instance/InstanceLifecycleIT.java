package io.talis.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisDeployment;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Instances created, provisioned and terminated through the simulated cloud, which fails one call in five. */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceLifecycleIT {

    private static final int INSTANCES = 20;
    private static TestDatabase database;
    private static Sql sql;
    private static Fixtures fixtures;
    private static Tasks tasks;
    private static final List<Long> instanceIds = new ArrayList<>();

    @Deployment(testable = false)
    static WebArchive deployment() {
        database = TestDatabase.fresh("lifecycle");
        return TalisDeployment.war(database, Map.of(
                "SIMULATED_PROVIDER_LATENCY_MS", "50",
                "SIMULATED_PROVIDER_FAILURE_RATE", "0.2",
                "TASK_RETRY_BASE_MS", "100",
                "TASK_RETRY_MAX_MS", "1000",
                "TASK_POLL_INTERVAL_MS", "200",
                "TASK_MAX_ATTEMPTS", "50"));
    }

    @BeforeAll
    static void arrange() {
        sql = database.sql();
        fixtures = new Fixtures(sql);
        tasks = new Tasks(sql);
    }

    @Test
    @Order(1)
    void instancesReachReadyDespiteProviderFailuresAndGetExactlyOneMachineEach() {
        long firstTask = 0;
        for (int i = 0; i < INSTANCES; i++) {
            long instance = fixtures.instance("node-" + i, "simulated");
            instanceIds.add(instance);
            long task = fixtures.task(CreateInstancesHandler.ACTION,
                    "{\"instance_id\": " + instance + ", \"provision\": true}", 1, instance);
            firstTask = i == 0 ? task : firstTask;
        }

        tasks.awaitFinished(firstTask, INSTANCES, Duration.ofSeconds(90));

        assertThat(sql.rows("SELECT status, attempts FROM tasks WHERE action = 'create_instances'"))
                .allSatisfy(row -> assertThat(row.get("status")).isEqualTo("completed"));
        assertThat(sql.number("SELECT sum(attempts) FROM tasks WHERE action = 'create_instances'"))
                .as("one call in five failed, so some attempts were repeated").isGreaterThan(INSTANCES);
        assertThat(sql.rows("SELECT status, public_ip, provider_instance_id FROM instances")).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("ready");
            assertThat(row.get("provider_instance_id")).isNotNull();
            assertThat(row.get("public_ip").toString()).matches("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d+");
        });
        assertThat(sql.number("SELECT count(*) FROM simulated_machines")).as("no machine was ever made twice").isEqualTo(INSTANCES);
        assertThat(sql.number("""
                SELECT count(*) FROM instances i JOIN simulated_machines m
                    ON m.id = i.provider_instance_id AND m.idempotency_key = 'talis-instance-' || i.id
                 WHERE m.provisioned_at IS NOT NULL AND m.public_ip = i.public_ip""")).isEqualTo(INSTANCES);
    }

    @Test
    @Order(2)
    void terminatingDeletesTheMachinesAndEndsTheInstances() {
        long firstTask = 0;
        for (long instance : instanceIds) {
            long task = fixtures.task(TerminateInstancesHandler.ACTION, "{\"instance_id\": " + instance + "}", 2, instance);
            firstTask = firstTask == 0 ? task : firstTask;
        }

        tasks.awaitFinished(firstTask, INSTANCES, Duration.ofSeconds(90));

        assertThat(sql.rows("SELECT status FROM tasks WHERE action = 'terminate_instances'"))
                .allSatisfy(row -> assertThat(row.get("status")).isEqualTo("completed"));
        assertThat(sql.number("SELECT count(*) FROM instances WHERE status = 'terminated'")).isEqualTo(INSTANCES);
        assertThat(sql.number("SELECT count(*) FROM simulated_machines WHERE deleted_at IS NULL")).isZero();
    }

    @Test
    @Order(3)
    void aCreateResumingFromProvisioningKeepsItsMachine() {
        long instance = fixtures.instance("resumed", "simulated");
        long machine = sql.number("""
                INSERT INTO simulated_machines (idempotency_key, name, public_ip)
                VALUES ('talis-instance-' || ?, 'resumed', '203.0.113.77') RETURNING id""", instance);
        sql.update("UPDATE instances SET status = 'provisioning', provider_instance_id = ?, public_ip = '203.0.113.77'"
                + " WHERE id = ?", machine, instance);

        long task = fixtures.task(CreateInstancesHandler.ACTION, "{\"instance_id\": " + instance + ", \"provision\": true}", 1, instance);
        tasks.awaitStatus(task, "completed", Duration.ofSeconds(30));

        assertThat(sql.text("SELECT status FROM instances WHERE id = ?", instance)).isEqualTo("ready");
        assertThat(sql.number("SELECT count(*) FROM simulated_machines WHERE idempotency_key = 'talis-instance-' || ?", instance))
                .isEqualTo(1);
        assertThat(sql.rows("SELECT provisioned_at FROM simulated_machines WHERE id = ?", machine).get(0).get("provisioned_at"))
                .isNotNull();
    }

    @Test
    @Order(4)
    void anInstanceTerminatedBeforeItsCreateRanGetsNoMachine() {
        long instance = fixtures.instance("too-late", "simulated");
        sql.update("UPDATE instances SET status = 'terminated' WHERE id = ?", instance);

        long task = fixtures.task(CreateInstancesHandler.ACTION, "{\"instance_id\": " + instance + "}", 1, instance);
        tasks.awaitStatus(task, "completed", Duration.ofSeconds(30));

        assertThat(sql.number("SELECT count(*) FROM simulated_machines WHERE idempotency_key = 'talis-instance-' || ?", instance))
                .isZero();
        assertThat(tasks.task(task).get("logs").toString()).contains("was terminated before it became ready");
    }
}
