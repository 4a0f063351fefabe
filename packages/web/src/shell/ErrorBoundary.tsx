import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  /** Rendered instead of the children once they threw. */
  fallback: (error: unknown, reset: () => void) => ReactNode;
  /** Changing it (e.g. the location) clears a caught error. */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: unknown;
  hasError: boolean;
  resetKey: unknown;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, hasError: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, hasError: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey
      ? { error: undefined, hasError: false, resetKey: props.resetKey }
      : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error("Page crashed", error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.hasError)
      return this.props.fallback(this.state.error, () => this.setState({ hasError: false }));
    return this.props.children;
  }
}
