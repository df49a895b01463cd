package textdive.kernel;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the bytecode of snippet classes before JShell loads them, so a cell can be stopped and
 * cannot end the JVM, without a SecurityManager and without {@code Thread.stop}:
 * <ul>
 *   <li>a call to {@link SnippetHooks#check()} at the start of every method and before every
 *       backward jump (every loop), which throws when the cell was interrupted;</li>
 *   <li>{@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} (calls and method
 *       references) become calls to {@link SnippetHooks}, which fail the cell instead.</li>
 * </ul>
 * Only code written in cells is rewritten; library code is stopped at its next output or blocking
 * call (see {@link SnippetExecution}). The inserted calls take and leave nothing on the operand
 * stack, so stack map frames stay valid and are not recomputed.
 */
final class SnippetInstrumenter {
    private SnippetInstrumenter() {}

    private static final String HOOKS = Type.getInternalName(SnippetHooks.class);

    /** owner.name+descriptor of a call to replace → the static hook that replaces it. */
    private record Target(String owner, String name, String desc) {}

    private static final Map<Target, Target> REPLACED = Map.of(
            new Target("java/lang/System", "exit", "(I)V"), new Target(HOOKS, "exit", "(I)V"),
            new Target("java/lang/Runtime", "exit", "(I)V"), new Target(HOOKS, "runtimeExit", "(Ljava/lang/Runtime;I)V"),
            new Target("java/lang/Runtime", "halt", "(I)V"), new Target(HOOKS, "runtimeHalt", "(Ljava/lang/Runtime;I)V"));

    /** The rewritten class; throws IllegalArgumentException for a class file ASM cannot read. */
    static byte[] instrument(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                boolean hasCode = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
                return hasCode ? new Rewriter(mv) : mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class Rewriter extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        Rewriter(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        private void stopCheck() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "check", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            stopCheck();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) stopCheck();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            if (seen.contains(dflt) || anySeen(labels)) stopCheck();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            if (seen.contains(dflt) || anySeen(labels)) stopCheck();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private boolean anySeen(Label[] labels) {
            for (Label l : labels) if (seen.contains(l)) return true;
            return false;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            Target hook = REPLACED.get(new Target(owner, name, desc));
            if (hook != null && (opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, hook.owner(), hook.name(), hook.desc(), false);
            } else {
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(value instanceof Handle h ? rewrite(h) : value);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
            Object[] rewritten = args.clone();
            for (int i = 0; i < rewritten.length; i++) if (rewritten[i] instanceof Handle h) rewritten[i] = rewrite(h);
            super.visitInvokeDynamicInsn(name, desc, bsm, rewritten);
        }
    }

    /** A method reference such as {@code System::exit} points at the hook instead. */
    private static Handle rewrite(Handle h) {
        Target hook = REPLACED.get(new Target(h.getOwner(), h.getName(), h.getDesc()));
        if (hook == null || (h.getTag() != Opcodes.H_INVOKESTATIC && h.getTag() != Opcodes.H_INVOKEVIRTUAL)) return h;
        return new Handle(Opcodes.H_INVOKESTATIC, hook.owner(), hook.name(), hook.desc(), false);
    }
}
