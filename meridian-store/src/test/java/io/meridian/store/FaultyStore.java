package io.meridian.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real store with faults put in by the test: a method (optionally only for some arguments) throws what the
 * test says, {@link Error}s included, or runs a hook first (to block, say) before passing the call on.
 */
public final class FaultyStore {
    private final Store target;
    private final Map<String, Function<Object[], Throwable>> faults = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Consumer<Object[]>> delays = new ConcurrentHashMap<>();
    public final Store store;

    public FaultyStore(Store target) {
        this.target = target;
        this.store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> call(method, args));
    }

    /** From now on every call of {@code method} throws {@code fault}. */
    public FaultyStore fail(String method, Throwable fault) {
        return failWhen(method, args -> true, fault);
    }

    /** From now on calls of {@code method} whose arguments match throw {@code fault}. */
    public FaultyStore failWhen(String method, Predicate<Object[]> args, Throwable fault) {
        faults.put(method, a -> args.test(a) ? fault : null);
        return this;
    }

    /** From now on {@code hook} runs before every call of {@code method} (to hold it up, say). */
    public FaultyStore before(String method, Runnable hook) {
        return beforeWhen(method, args -> true, hook);
    }

    /** From now on {@code hook} runs before calls of {@code method} whose arguments match. */
    public FaultyStore beforeWhen(String method, Predicate<Object[]> args, Runnable hook) {
        delays.put(method, a -> {
            if (args.test(a)) {
                hook.run();
            }
        });
        return this;
    }

    /** Removes the faults and hooks of {@code method}. */
    public void heal(String method) {
        faults.remove(method);
        delays.remove(method);
    }

    private Object call(Method method, Object[] args) throws Throwable {
        Object[] copy = args == null ? new Object[0] : Arrays.copyOf(args, args.length);
        var hook = delays.get(method.getName());
        if (hook != null) {
            hook.accept(copy);
        }
        Function<Object[], Throwable> fault = faults.get(method.getName());
        Throwable t = fault == null ? null : fault.apply(copy);
        if (t != null) {
            throw t;
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
