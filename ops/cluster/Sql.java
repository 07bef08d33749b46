import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs one SQL statement without psql, through the JDBC driver inside the orchestrator jar:
 * {@code java -cp orchestrator/target/guardian-orchestrator.jar ops/cluster/Sql.java URL USER PASSWORD SQL}.
 * Prints the first column of the first row when the statement returns rows.
 */
public class Sql {
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
             Statement statement = connection.createStatement()) {
            if (statement.execute(args[3])) {
                try (ResultSet rs = statement.getResultSet()) {
                    if (rs.next()) {
                        System.out.println(rs.getString(1));
                    }
                }
            }
        }
    }
}
