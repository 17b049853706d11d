package dev.lineage.internal.step;

import dev.lineage.Digest;
import dev.lineage.internal.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What the code fingerprint needs of one class file, read once per distinct file in one ASM pass: a digest of its
 * code without debug information (line numbers, local names, the source file, stack map frames, which follow from
 * the code: moving a method down a line is not a change of code), the same per method, and which classes, own
 * methods and own fields each method refers to.
 *
 * <p>A method's digest covers its access, name, descriptor, thrown types and annotations, then every instruction
 * with its operands as names and values (labels numbered in order), try-catch blocks included. The class's digest
 * covers its version, access, name, supertypes and annotations, every field with its constant value, and every
 * method's digest, in the order the class file lists them.
 *
 * @param name the internal name ({@code com/acme/Step})
 * @param references the classes the class refers to: its supertypes and every owner, type and handle its
 *     methods name (types merely mentioned in a signature run no code and are not followed)
 * @param methods by {@code name + descriptor}
 */
record ClassFile(String name, Digest digest, String superName, List<String> interfaces, Set<String> references,
    Map<String, Method> methods) {

  /**
   * One method.
   *
   * @param selfCalls {@code name + descriptor} of the methods of its own class it calls or takes a handle to
   * @param staticFields whether it reads or writes a static field of its own class (so its initialiser counts)
   * @param instanceFields whether it reads or writes an instance field of its own class (so its constructors count)
   */
  record Method(Digest digest, Set<String> references, Set<String> selfCalls, boolean staticFields,
      boolean instanceFields) {}

  static ClassFile read(byte[] bytes) {
    Collector collector = new Collector();
    new ClassReader(bytes).accept(collector, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    Set<String> references = new LinkedHashSet<>();
    if (collector.superName != null) {
      references.add(collector.superName);
    }
    references.addAll(collector.interfaces);
    collector.methods.values().forEach(m -> references.addAll(m.references()));
    references.remove(collector.name);
    return new ClassFile(collector.name, Sha256.of(collector.header.bytes()), collector.superName,
        List.copyOf(collector.interfaces), Set.copyOf(references), Map.copyOf(collector.methods));
  }

  /** The canonical token stream a digest is taken of: every value typed and length-prefixed. */
  private static final class Tokens {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(buffer);

    Tokens add(int value) {
      try {
        out.writeByte('i');
        out.writeInt(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Tokens add(String value) {
      try {
        if (value == null) {
          out.writeByte('n');
        } else {
          out.writeByte('s');
          out.writeUTF(value);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Tokens add(Object constant) {
      if (constant == null || constant instanceof String) {
        return add((String) constant);
      }
      if (constant instanceof Handle h) {
        return add("handle").add(h.getTag()).add(h.getOwner()).add(h.getName()).add(h.getDesc())
            .add(h.isInterface() ? 1 : 0);
      }
      if (constant instanceof ConstantDynamic c) {
        add("condy").add(c.getName()).add(c.getDescriptor()).add(c.getBootstrapMethod());
        for (int i = 0; i < c.getBootstrapMethodArgumentCount(); i++) {
          add(c.getBootstrapMethodArgument(i));
        }
        return this;
      }
      // numbers, Types: their class and text say exactly which constant they are
      return add(constant.getClass().getSimpleName()).add(constant.toString());
    }

    byte[] bytes() {
      return buffer.toByteArray();
    }
  }

  private static final class Collector extends ClassVisitor {
    final Tokens header = new Tokens();
    String name;
    String superName;
    List<String> interfaces = List.of();
    final Map<String, Method> methods = new HashMap<>();

    Collector() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      this.name = name;
      this.superName = superName;
      this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
      header.add("class").add(version).add(access).add(name).add(superName).add(this.interfaces.size());
      this.interfaces.forEach(header::add);
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      header.add("annotation").add(descriptor).add(visible ? 1 : 0);
      return null;
    }

    @Override
    public FieldVisitor visitField(int access, String field, String descriptor, String signature, Object value) {
      header.add("field").add(access).add(field).add(descriptor).add(value);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
        String[] exceptions) {
      Tokens tokens = new Tokens().add("method").add(access).add(method).add(descriptor);
      if (exceptions != null) {
        for (String e : exceptions) {
          tokens.add(e);
        }
      }
      return new MethodCollector(tokens, name) {
        @Override
        public void visitEnd() {
          Digest digest = Sha256.of(tokens.bytes());
          header.add("method").add(digest.hex());
          methods.put(method + descriptor, new Method(digest, Set.copyOf(references), Set.copyOf(selfCalls),
              staticFields, instanceFields));
        }
      };
    }
  }

  private static class MethodCollector extends MethodVisitor {
    private final Tokens tokens;
    private final String self;
    private final Map<Label, Integer> labels = new IdentityHashMap<>();
    final Set<String> references = new LinkedHashSet<>();
    final Set<String> selfCalls = new LinkedHashSet<>();
    boolean staticFields;
    boolean instanceFields;

    MethodCollector(Tokens tokens, String self) {
      super(Opcodes.ASM9);
      this.tokens = tokens;
      this.self = self;
    }

    private int label(Label l) {
      return labels.computeIfAbsent(l, k -> labels.size());
    }

    private void type(String internalNameOrDescriptor) {
      if (internalNameOrDescriptor == null) {
        return;
      }
      reference(internalNameOrDescriptor.startsWith("[")
          ? Type.getType(internalNameOrDescriptor) : Type.getObjectType(internalNameOrDescriptor));
    }

    private void reference(Type t) {
      if (t.getSort() == Type.ARRAY) {
        t = t.getElementType();
      }
      if (t.getSort() == Type.OBJECT && !t.getInternalName().equals(self)) {
        references.add(t.getInternalName());
      }
    }

    private void handle(Handle h) {
      if (h.getOwner().equals(self)) {
        selfCalls.add(h.getName() + h.getDesc());
      } else {
        type(h.getOwner());
      }
    }

    private void constant(Object value) {
      if (value instanceof Type t) {
        if (t.getSort() == Type.METHOD) {
          for (Type arg : t.getArgumentTypes()) {
            reference(arg);
          }
          reference(t.getReturnType());
        } else {
          reference(t);
        }
      } else if (value instanceof Handle h) {
        handle(h);
      } else if (value instanceof ConstantDynamic c) {
        handle(c.getBootstrapMethod());
        for (int i = 0; i < c.getBootstrapMethodArgumentCount(); i++) {
          constant(c.getBootstrapMethodArgument(i));
        }
      }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      tokens.add("annotation").add(descriptor).add(visible ? 1 : 0);
      return null;
    }

    @Override
    public void visitInsn(int opcode) {
      tokens.add(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      tokens.add(opcode).add(operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      tokens.add(opcode).add(var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      tokens.add(opcode).add(type);
      type(type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
      tokens.add(opcode).add(owner).add(field).add(descriptor);
      if (owner.equals(self)) {
        if (opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC) {
          staticFields = true;
        } else {
          instanceFields = true;
        }
      } else {
        type(owner);
      }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean isInterface) {
      tokens.add(opcode).add(owner).add(method).add(descriptor).add(isInterface ? 1 : 0);
      if (owner.equals(self)) {
        selfCalls.add(method + descriptor);
      } else {
        type(owner);
      }
    }

    @Override
    public void visitInvokeDynamicInsn(String method, String descriptor, Handle bootstrap, Object... arguments) {
      tokens.add(Opcodes.INVOKEDYNAMIC).add(method).add(descriptor).add(bootstrap).add(arguments.length);
      handle(bootstrap);
      for (Object argument : arguments) {
        tokens.add(argument);
        constant(argument);
      }
      // What an invokedynamic makes (a lambda's interface) is code the step can call.
      reference(Type.getReturnType(descriptor));
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      tokens.add(opcode).add(label(label));
    }

    @Override
    public void visitLabel(Label label) {
      tokens.add("label").add(label(label));
    }

    @Override
    public void visitLdcInsn(Object value) {
      tokens.add(Opcodes.LDC).add(value);
      constant(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
      tokens.add(Opcodes.IINC).add(var).add(increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
      tokens.add(Opcodes.TABLESWITCH).add(min).add(max).add(label(dflt));
      for (Label t : targets) {
        tokens.add(label(t));
      }
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
      tokens.add(Opcodes.LOOKUPSWITCH).add(label(dflt)).add(keys.length);
      for (int i = 0; i < keys.length; i++) {
        tokens.add(keys[i]).add(label(targets[i]));
      }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      tokens.add(Opcodes.MULTIANEWARRAY).add(descriptor).add(dimensions);
      type(descriptor);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      tokens.add("try").add(label(start)).add(label(end)).add(label(handler)).add(type);
      type(type);
    }
  }
}
