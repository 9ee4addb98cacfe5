import { createContext, MouseEvent, ReactNode, useContext, useEffect, useState } from 'react';

/**
 * One URL per view, shareable: the path names the page, the query its filters, the as-of
 * moment and the language. A small router of our own: five routes do not need a library.
 */
export interface Location {
  path: string;
  search: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

const RouterContext = createContext<Location>(current());

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener('ledger:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('ledger:navigate', update);
    };
  }, []);
  return <RouterContext.Provider value={location}>{children}</RouterContext.Provider>;
}

export function useLocation(): Location {
  return useContext(RouterContext);
}

/** Goes to `href` (path and query); `replace` for changes that should not add history. */
export function navigate(href: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event('ledger:navigate'));
}

/** The query parameters every page keeps when the reader moves between pages. */
export const KEPT_PARAMS = ['recordedAt', 'validAt', 'lang'] as const;

/** `path` with the kept parameters of the current location, and `params` on top. */
export function hrefTo(
  path: string,
  params: Record<string, string | undefined> = {},
  from: URLSearchParams = new URLSearchParams(window.location.search),
  kept: readonly string[] = KEPT_PARAMS,
): string {
  const search = new URLSearchParams();
  for (const key of kept) {
    const value = from.get(key);
    if (value !== null) search.set(key, value);
  }
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') search.delete(key);
    else search.set(key, value);
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Sets (or, with undefined, removes) query parameters of the current page. */
export function setParams(params: Record<string, string | undefined>, replace = true): void {
  // Every parameter of the page stays (its filters too), not only the kept ones.
  const search = new URLSearchParams(window.location.search);
  navigate(hrefTo(window.location.pathname, params, search, [...search.keys()]), replace);
}

export function Link({
  to,
  children,
  className,
  testId,
}: {
  to: string;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} data-testid={testId}>
      {children}
    </a>
  );
}
