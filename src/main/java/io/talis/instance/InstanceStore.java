package io.talis.instance;

import static io.talis.common.SharedJson.JSON;

import io.talis.compute.Machine;
import io.talis.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The SQL of the instance lifecycle. Each transition is one statement conditional on the status
 * it leaves, so a create that races with a terminate can never bring a terminated instance back.
 */
@ApplicationScoped
public class InstanceStore {

    private Jdbc jdbc;

    protected InstanceStore() {
    }

    @Inject
    public InstanceStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Optional<InstanceRecord> find(long id) throws SQLException {
        return jdbc.single("""
                SELECT id, name, provider_id, provider_instance_id, public_ip, region, size, image, tags,
                       status, volume_details::text
                  FROM instances WHERE id = ?""", InstanceStore::instance, id);
    }

    /** Saves the provider's machine id as soon as the machine exists; false if no longer pending. */
    public boolean recordMachineId(long id, long machineId) throws SQLException {
        return jdbc.update("""
                UPDATE instances SET provider_instance_id = ?, updated_at = now()
                 WHERE id = ? AND status = 'pending'""", machineId, id) == 1;
    }

    /** pending to created, with the machine's address and volumes; false if no longer pending. */
    public boolean markCreated(long id, Machine machine) throws SQLException {
        return jdbc.update("""
                UPDATE instances
                   SET status = 'created', provider_instance_id = ?, public_ip = ?, volume_ids = ?,
                       volume_details = ?::jsonb, updated_at = now()
                 WHERE id = ? AND status = 'pending'""",
                machine.id(), machine.publicIp(), Jdbc.sqlArray("text", machine.volumeIds()),
                machine.volumeDetails().toString(), id) == 1;
    }

    /** Moves the instance from one status to the next; false if it was not in {@code from}. */
    public boolean advance(long id, InstanceStatus from, InstanceStatus to) throws SQLException {
        return jdbc.update("UPDATE instances SET status = ?, updated_at = now() WHERE id = ? AND status = ?",
                to.dbValue(), id, from.dbValue()) == 1;
    }

    /** Any status to terminated; false if it already was. */
    public boolean markTerminated(long id) throws SQLException {
        return jdbc.update("""
                UPDATE instances SET status = 'terminated', updated_at = now()
                 WHERE id = ? AND status <> 'terminated'""", id) == 1;
    }

    private static InstanceRecord instance(ResultSet row) throws SQLException {
        try (JsonReader volumes = JSON.createReader(new StringReader(row.getString("volume_details")))) {
            return new InstanceRecord(
                    row.getLong("id"),
                    row.getString("name"),
                    row.getString("provider_id"),
                    row.getObject("provider_instance_id", Long.class),
                    row.getString("public_ip"),
                    row.getString("region"),
                    row.getString("size"),
                    row.getString("image"),
                    strings(row.getArray("tags")),
                    InstanceStatus.fromDb(row.getString("status")),
                    volumes.readArray());
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
