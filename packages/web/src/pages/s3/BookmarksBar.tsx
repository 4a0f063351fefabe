import BookmarkAddIcon from "@mui/icons-material/BookmarkAddOutlined";
import BookmarkIcon from "@mui/icons-material/BookmarkBorder";
import Chip from "@mui/material/Chip";
import IconButton from "@mui/material/IconButton";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import Tooltip from "@mui/material/Tooltip";
import type { ResolvedBookmark } from "@onyxia-ts/core";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import type { UserS3Store } from "../../core/usecases/s3/userStore.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { localize } from "../../i18n/localizedString.ts";
import { NameDialog } from "./NameDialog.tsx";

type Bookmark = ResolvedBookmark & { id?: string };

/** Region bookmarks (read-only), then the user's (rename, delete), and "bookmark this folder". */
export function BookmarksBar(props: {
  bookmarks: Bookmark[];
  /** `bucket/prefix` of the folder shown, when one is. */
  current: string | undefined;
  profileName: string;
  store: UserS3Store;
  onOpen: (s3UriWithoutScheme: string) => void;
}) {
  const { t, lang } = useI18n();
  const [menu, setMenu] = useState<{ anchor: HTMLElement; bookmark: Bookmark } | undefined>();
  const [dialog, setDialog] = useState<
    | { kind: "add" }
    | { kind: "rename"; bookmark: Bookmark }
    | { kind: "delete"; bookmark: Bookmark }
    | undefined
  >();
  const title = (b: Bookmark) => (typeof b.title === "string" ? b.title : localize(b.title, lang));
  const alreadyThere = props.bookmarks.some((b) => b.s3UriWithoutScheme === props.current);
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ mb: 1, flexWrap: "wrap", alignItems: "center", rowGap: 1 }}
      data-testid="s3-bookmarks"
    >
      {props.bookmarks.map((b) => (
        <Chip
          key={`${b.origin}:${b.id ?? b.s3UriWithoutScheme}`}
          icon={<BookmarkIcon />}
          label={title(b)}
          variant={b.origin === "user" ? "outlined" : "filled"}
          color={props.current === b.s3UriWithoutScheme ? "primary" : "default"}
          onClick={() => props.onOpen(b.s3UriWithoutScheme)}
          {...(b.origin === "user"
            ? {
                onDelete: (e: React.MouseEvent<HTMLElement>) =>
                  setMenu({ anchor: e.currentTarget, bookmark: b }),
                deleteIcon: (
                  <span aria-label={t.s3.bookmarkActions} style={{ fontSize: 18, lineHeight: 1 }}>
                    ⋮
                  </span>
                ),
              }
            : {})}
          data-testid={b.origin === "user" ? "s3-user-bookmark" : "s3-region-bookmark"}
          title={`s3://${b.s3UriWithoutScheme}`}
        />
      ))}
      {props.current && !alreadyThere && (
        <Tooltip title={t.s3.bookmarkAddHelp}>
          <IconButton
            size="small"
            onClick={() => setDialog({ kind: "add" })}
            aria-label={t.s3.bookmarkAdd}
            data-testid="s3-bookmark-add"
          >
            <BookmarkAddIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      )}
      <Menu open={menu !== undefined} anchorEl={menu?.anchor} onClose={() => setMenu(undefined)}>
        <MenuItem
          onClick={() => {
            if (menu) setDialog({ kind: "rename", bookmark: menu.bookmark });
            setMenu(undefined);
          }}
        >
          {t.s3.rename}
        </MenuItem>
        <MenuItem
          onClick={() => {
            if (menu) setDialog({ kind: "delete", bookmark: menu.bookmark });
            setMenu(undefined);
          }}
        >
          {t.s3.delete}
        </MenuItem>
      </Menu>
      {dialog?.kind === "add" && props.current && (
        <NameDialog
          title={t.s3.bookmarkAdd}
          label={t.s3.bookmarkTitle}
          {...(props.store.getSnapshot().bookmarksDurable
            ? {}
            : { help: t.s3.browserStorageNotice })}
          initial={props.current.replace(/\/$/, "").split("/").pop() ?? props.current}
          confirm={t.s3.save}
          onConfirm={(name) =>
            props.store.addBookmark({
              s3UriWithoutScheme: props.current!,
              title: name,
              profileName: props.profileName,
            })
          }
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === "rename" && (
        <NameDialog
          title={t.s3.bookmarkRename}
          label={t.s3.bookmarkTitle}
          initial={title(dialog.bookmark)}
          confirm={t.s3.rename}
          onConfirm={(name) =>
            dialog.bookmark.id && props.store.renameBookmark(dialog.bookmark.id, name)
          }
          onClose={() => setDialog(undefined)}
        />
      )}
      <ConfirmDialog
        open={dialog?.kind === "delete"}
        title={t.s3.bookmarkDelete}
        body={
          dialog?.kind === "delete"
            ? t.s3.bookmarkDeleteBody({ title: title(dialog.bookmark) })
            : ""
        }
        confirm={t.s3.delete}
        onConfirm={() =>
          dialog?.kind === "delete" &&
          dialog.bookmark.id &&
          props.store.removeBookmark(dialog.bookmark.id)
        }
        onClose={() => setDialog(undefined)}
      />
    </Stack>
  );
}
