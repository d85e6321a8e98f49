// What every page reaches: the signed-in session, the flash bar, navigation.
import { createContext, useContext } from "react";

export const ConsoleContext = createContext(null);
export const useConsole = () => useContext(ConsoleContext);

// An API error as the console's flash bar shows it: what failed, then EC2's code and message.
export function errorFlash(header, error) {
  const code = error?.name && error.name !== "Error" ? error.name : "";
  return { type: "error", header, content: code ? `${code}: ${error.message}` : String(error?.message ?? error) };
}
