import Drawer from "@mui/material/Drawer";
import Toolbar from "@mui/material/Toolbar";
import { leftBarPaperSx, NavigationList } from "./LeftBar.tsx";

// A separate chunk: the temporary drawer brings MUI's Modal, which desktop users never need.
export default function MobileLeftBar({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Drawer
      variant="temporary"
      open={open}
      onClose={onClose}
      sx={{ display: { md: "none" }, "& .MuiDrawer-paper": leftBarPaperSx }}
    >
      <Toolbar />
      <NavigationList onNavigate={onClose} />
    </Drawer>
  );
}
