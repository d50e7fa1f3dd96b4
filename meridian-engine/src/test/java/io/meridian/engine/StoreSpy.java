package io.meridian.engine;

import io.meridian.store.Store;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes every call on to a real store, counting the calls by method name (to show what reaches the store), and
 * can run a hook just before the next call of a method (to put another operation in exactly that gap).
 */
final class StoreSpy implements InvocationHandler {
    private final Store target;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    final Store store;

    StoreSpy(Store target) {
        this.target = target;
        this.store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, this);
    }

    long calls(String method) {
        AtomicLong n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    long allCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Runs {@code hook} on the calling thread before the next call of {@code method} goes to the store. */
    void beforeNext(String method, Runnable hook) {
        hooks.put(method, hook);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        calls.computeIfAbsent(method.getName(), name -> new AtomicLong()).incrementAndGet();
        Runnable hook = hooks.remove(method.getName());
        if (hook != null) {
            hook.run();
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
