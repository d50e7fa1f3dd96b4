package io.meridian.model.json;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.bean.PropertyValueBuffer;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Builds records and other objects read through their constructor by calling that constructor through reflection.
 * Jackson 3.2 calls a multi-argument creator with {@code MethodHandle.invokeWithArguments}, which builds a spreading
 * adapter on every call: a twentieth of a remote worker's CPU went there (every lease grant, lease reference and job
 * report is a record). {@link Constructor#newInstance} spreads the arguments through a handle built once. Anything
 * the fast call does not do cleanly (an exception from the constructor, an argument of the wrong type) is handed
 * to Jackson's own instantiator, which calls the constructor again and reports the problem exactly as before.
 */
final class DirectConstructors implements ValueInstantiators {

    @Override
    public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDesc) {
        return null;
    }

    @Override
    public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDesc,
                                                     ValueInstantiator defaultInstantiator) {
        Constructor<?> constructor = directlyCallable(defaultInstantiator);
        return constructor == null ? defaultInstantiator : new Direct(defaultInstantiator, constructor);
    }

    /** The public constructor of a public class that {@code instantiator} builds objects with, else null. */
    private static Constructor<?> directlyCallable(ValueInstantiator instantiator) {
        if (!instantiator.canCreateFromObjectWith()
                || !(instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
            return null;
        }
        Constructor<?> constructor = creator.getAnnotated();
        Class<?> type = constructor.getDeclaringClass();
        if (!Modifier.isPublic(constructor.getModifiers()) || !Modifier.isPublic(type.getModifiers())
                || !constructor.canAccess(null)) {
            return null;
        }
        return constructor;
    }

    private static final class Direct extends ValueInstantiator.Delegating {
        private final Constructor<?> constructor;

        Direct(ValueInstantiator delegate, Constructor<?> constructor) {
            super(delegate);
            this.constructor = constructor;
        }

        @Override
        public ValueInstantiator createContextual(DeserializationContext ctxt, BeanDescription.Supplier beanDesc) {
            ValueInstantiator contextual = delegate().createContextual(ctxt, beanDesc);
            if (contextual == delegate()) {
                return this;
            }
            Constructor<?> again = directlyCallable(contextual);
            return again == null ? contextual : new Direct(contextual, again);
        }

        /** What Jackson's bean reader calls; the delegating base would hand it to the delegate as it is. */
        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, SettableBeanProperty[] props,
                                           PropertyValueBuffer buffer) {
            return createFromObjectWith(ctxt, buffer.getParameters(ctxt, props));
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
            try {
                return constructor.newInstance(args);
            } catch (ReflectiveOperationException | IllegalArgumentException notCleanly) {
                return delegate().createFromObjectWith(ctxt, args);
            }
        }
    }
}
