package io.meridian.worker.sdk;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Finds the {@link StageType} methods of a bean and makes each a {@link TaskHandler}. */
public final class StageTypes {
    private StageTypes() {}

    /**
     * One handler per {@code @StageType} method of {@code bean}'s class, in name order. A method that cannot be a
     * handler (not public, static, or taking other parameters than the input and a {@link TaskContext}) is refused
     * here, naming it, rather than when its first job runs.
     */
    public static List<TaskHandler> of(Object bean) {
        List<TaskHandler> handlers = new ArrayList<>();
        List<Method> methods = new ArrayList<>();
        // Declared methods up the hierarchy, so a subclass (a framework's proxy, say) keeps its parent's handlers.
        for (Class<?> c = bean.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            methods.addAll(Arrays.asList(c.getDeclaredMethods()));
        }
        methods.sort(Comparator.comparing(Method::getName));
        for (Method method : methods) {
            StageType stageType = method.getAnnotation(StageType.class);
            if (stageType != null) {
                handlers.add(handler(bean, method, stageType.value()));
            }
        }
        return handlers;
    }

    private static TaskHandler handler(Object bean, Method method, String type) {
        String where = "@StageType(\"" + type + "\") on " + method.getDeclaringClass().getName() + "." + method.getName();
        Class<?>[] params = method.getParameterTypes();
        boolean withContext = params.length == 2 && params[1] == TaskContext.class;
        int modifiers = method.getModifiers();
        if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || !(params.length == 1 || withContext)
                || params[0] == TaskContext.class || method.getReturnType() == void.class) {
            throw new IllegalArgumentException(where + " must be a public instance method taking (Input) or"
                    + " (Input, TaskContext) and returning the output");
        }
        method.setAccessible(true);
        @SuppressWarnings("unchecked")
        Class<Object> input = (Class<Object>) params[0];
        return TaskHandler.typed(type, input, (in, context) -> {
            try {
                return withContext ? method.invoke(bean, in, context) : method.invoke(bean, in);
            } catch (InvocationTargetException e) {
                throw rethrow(e.getCause());
            }
        });
    }

    /** The method's own exception, so a {@link TaskFailure} keeps its type and retry choice. */
    private static Exception rethrow(Throwable cause) {
        if (cause instanceof Exception e) {
            return e;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
