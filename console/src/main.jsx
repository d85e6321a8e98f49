import "@cloudscape-design/global-styles/index.css";
import "@xterm/xterm/css/xterm.css";
import { createRoot } from "react-dom/client";
import App from "./app.jsx";

createRoot(document.getElementById("root")).render(<App />);
