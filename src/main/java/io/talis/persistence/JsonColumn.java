package io.talis.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.SQLException;
import org.postgresql.util.PGobject;

/** Maps a jsonb column to its JSON text: the driver needs a typed object to write jsonb. */
@Converter
public class JsonColumn implements AttributeConverter<String, Object> {

    @Override
    public Object convertToDatabaseColumn(String json) {
        if (json == null) {
            return null;
        }
        try {
            PGobject value = new PGobject();
            value.setType("jsonb");
            value.setValue(json);
            return value;
        } catch (SQLException e) {
            throw new IllegalArgumentException("not storable as jsonb: " + e.getMessage(), e);
        }
    }

    @Override
    public String convertToEntityAttribute(Object column) {
        if (column == null) {
            return null;
        }
        return column instanceof PGobject object ? object.getValue() : column.toString();
    }
}
