import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Test oracle: loads each file named on the command line with java.util.Properties.load(InputStream), as Flume
 * does, and prints "== N" then one "key TAB value" line per property sorted by key (String order, i.e. UTF-16
 * code units), or "!ERROR message" if load throws. Only entry lines contain a tab. Every char outside printable ASCII, and the backslash, is
 * printed as backslash-u and four lowercase hex digits, so the output is unambiguous.
 * Run: java PropertiesOracle.java FILE...
 */
public class PropertiesOracle {
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            out.append("== ").append(i).append('\n');
            Properties p = new Properties();
            try (InputStream in = new FileInputStream(args[i])) {
                p.load(in);
            } catch (IllegalArgumentException e) {
                out.append("!ERROR ").append(escape(String.valueOf(e.getMessage()))).append('\n');
                continue;
            }
            TreeMap<String, String> sorted = new TreeMap<>();
            for (String name : p.stringPropertyNames()) {
                sorted.put(name, p.getProperty(name));
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                out.append(escape(e.getKey())).append('\t').append(escape(e.getValue())).append('\n');
            }
        }
        System.out.print(out);
        System.out.flush();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }
}
