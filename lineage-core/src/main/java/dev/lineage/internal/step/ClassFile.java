package dev.lineage.internal.step;

import dev.lineage.Digest;
import dev.lineage.internal.artifact.Sha256;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What the code fingerprint needs of one class file, read once per distinct file: the digest of its bytecode
 * without debug information (line numbers, local names, source file: moving a method down a line is not a change
 * of code), the same per method, and which classes, own methods and own fields each method refers to.
 *
 * @param name the internal name ({@code com/acme/Step})
 * @param digest the whole class, debug information left out
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
    ClassReader reader = new ClassReader(bytes);
    ClassWriter whole = new ClassWriter(0);
    reader.accept(whole, ClassReader.SKIP_DEBUG);
    Collector collector = new Collector();
    reader.accept(collector, ClassReader.SKIP_DEBUG);
    Set<String> references = new LinkedHashSet<>();
    if (collector.superName != null) {
      references.add(collector.superName);
    }
    references.addAll(collector.interfaces);
    collector.methods.values().forEach(m -> references.addAll(m.references()));
    references.remove(collector.name);
    return new ClassFile(collector.name, Sha256.of(whole.toByteArray()), collector.superName,
        List.copyOf(collector.interfaces), Set.copyOf(references), Map.copyOf(collector.methods));
  }

  private static final class Collector extends ClassVisitor {
    String name;
    String superName;
    List<String> interfaces = List.of();
    final Map<String, Method> methods = new HashMap<>();
    int version;

    Collector() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      this.version = version;
      this.name = name;
      this.superName = superName;
      this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
        String[] exceptions) {
      // The method alone, in a class of its own, is what its digest covers.
      ClassWriter alone = new ClassWriter(0);
      alone.visit(version, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
      MethodVisitor copy = alone.visitMethod(access, method, descriptor, signature, exceptions);
      return new MethodCollector(copy, name) {
        @Override
        public void visitEnd() {
          super.visitEnd();
          alone.visitEnd();
          methods.put(method + descriptor, new Method(Sha256.of(alone.toByteArray()), Set.copyOf(references),
              Set.copyOf(selfCalls), staticFields, instanceFields));
        }
      };
    }
  }

  private static class MethodCollector extends MethodVisitor {
    private final String self;
    final Set<String> references = new LinkedHashSet<>();
    final Set<String> selfCalls = new LinkedHashSet<>();
    boolean staticFields;
    boolean instanceFields;

    MethodCollector(MethodVisitor next, String self) {
      super(Opcodes.ASM9, next);
      this.self = self;
    }

    private void type(String internalNameOrDescriptor) {
      if (internalNameOrDescriptor == null) {
        return;
      }
      Type t = internalNameOrDescriptor.startsWith("[")
          ? Type.getType(internalNameOrDescriptor) : Type.getObjectType(internalNameOrDescriptor);
      reference(t);
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
    public void visitTypeInsn(int opcode, String type) {
      type(type);
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
      if (owner.equals(self)) {
        if (opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC) {
          staticFields = true;
        } else {
          instanceFields = true;
        }
      } else {
        type(owner);
      }
      super.visitFieldInsn(opcode, owner, field, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean isInterface) {
      if (owner.equals(self)) {
        selfCalls.add(method + descriptor);
      } else {
        type(owner);
      }
      super.visitMethodInsn(opcode, owner, method, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String method, String descriptor, Handle bootstrap, Object... arguments) {
      handle(bootstrap);
      for (Object argument : arguments) {
        constant(argument);
      }
      // What an invokedynamic makes (a lambda's interface) is code the step can call.
      reference(Type.getReturnType(descriptor));
      super.visitInvokeDynamicInsn(method, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitLdcInsn(Object value) {
      constant(value);
      super.visitLdcInsn(value);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      type(descriptor);
      super.visitMultiANewArrayInsn(descriptor, dimensions);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      type(type);
      super.visitTryCatchBlock(start, end, handler, type);
    }
  }
}
