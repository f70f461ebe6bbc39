// The address's query string as page state. React Router's own setter applies a function update to the
// parameters of the render it was created in; when two changes come quickly (a click on "Today", then a
// choice in a select, before the deferred navigation re-rendered the page) the second one would undo the
// first. This setter applies a function update to the address as it is now, so no change is lost.
import { useCallback } from 'react';
import { useSearchParams as useRouterSearchParams, type SetURLSearchParams } from 'react-router';

export function useSearchParams(): [URLSearchParams, SetURLSearchParams] {
  const [params, setParams] = useRouterSearchParams();
  const set = useCallback<SetURLSearchParams>(
    (init, options) =>
      setParams(
        typeof init === 'function' ? init(new URLSearchParams(window.location.search)) : init,
        options,
      ),
    [setParams],
  );
  return [params, set];
}
