package io.talis.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Maps a text[] column to a list of strings (the driver writes String[] as text[]). */
@Converter
public class TextArrayColumn implements AttributeConverter<List<String>, Object> {

    @Override
    public Object convertToDatabaseColumn(List<String> values) {
        return values == null ? new String[0] : values.toArray(String[]::new);
    }

    @Override
    public List<String> convertToEntityAttribute(Object column) {
        try {
            if (column == null) {
                return List.of();
            }
            Object elements = column instanceof Array array ? array.getArray() : column;
            return Arrays.asList((String[]) elements);
        } catch (SQLException e) {
            throw new IllegalStateException("unreadable text[] column: " + e.getMessage(), e);
        }
    }
}
