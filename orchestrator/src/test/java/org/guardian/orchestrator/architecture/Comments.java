package org.guardian.orchestrator.architecture;

import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.comments.LineComment;
import org.guardian.orchestrator.architecture.MainSources.SourceFile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** The comments of a file, as {@link CodeShapeTest} judges them: short, and citing nothing the repository lacks. */
final class Comments {
    /** Documents a reader of the repository does not have: the original scripts ("the seed") and a specification. */
    private static final Pattern OUTSIDE_DOCUMENT = Pattern.compile(
            "(?i:\\bthe seed\\b|\\bseed's|\\bseed section)|\\bSPEC\\b|§");

    private Comments() {
    }

    /** A comment: a block or Javadoc comment, or a run of line comments on consecutive lines. */
    record Block(int line, List<String> lines) {
        /** Lines of text before the first block tag ({@code @param}, {@code @return}, ...), blank ones not counted. */
        int proseLines() {
            int prose = 0;
            for (String line : lines) {
                String text = line.strip().replaceFirst("^\\*+", "").strip();
                if (text.startsWith("@")) {
                    break;
                }
                prose += text.isEmpty() ? 0 : 1;
            }
            return prose;
        }
    }

    static List<Block> blocks(SourceFile file) {
        List<Block> blocks = new ArrayList<>();
        List<Comment> comments = new ArrayList<>(file.unit().getAllContainedComments());
        file.unit().getComment().ifPresent(comments::add);
        comments.sort(Comparator.comparingInt(c -> c.getBegin().orElseThrow().line));
        Block run = null;
        for (Comment comment : comments) {
            int line = comment.getBegin().orElseThrow().line;
            List<String> text = comment.getContent().lines().toList();
            if (comment instanceof LineComment && run != null && run.line() + run.lines().size() == line) {
                run.lines().addAll(text);
                continue;
            }
            run = comment instanceof LineComment ? new Block(line, new ArrayList<>(text)) : null;
            blocks.add(run != null ? run : new Block(line, text));
        }
        return blocks;
    }

    static List<String> longerThan(SourceFile file, int maxProseLines) {
        return blocks(file).stream().filter(b -> b.proseLines() > maxProseLines)
                .map(b -> file.at(b.line()) + " " + b.proseLines() + " lines of prose").toList();
    }

    static List<String> citingOutsideDocuments(SourceFile file) {
        List<String> found = new ArrayList<>();
        for (Block block : blocks(file)) {
            for (int i = 0; i < block.lines().size(); i++) {
                if (OUTSIDE_DOCUMENT.matcher(block.lines().get(i)).find()) {
                    found.add(file.at(block.line() + i) + " " + block.lines().get(i).strip());
                }
            }
        }
        return found;
    }
}
