package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.api.view.PhotoView;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoPresence;
import org.refugium.testing.SharedData;

/** How a photo becomes a card: srcset over the stored sizes, the nearest stored size, odd extensions, licences. */
class PhotoCardsTest {

  @TempDir
  Path tmp;

  private static PhotoView view(long id, String ext, String license) {
    PhotoView v = new PhotoView();
    v.id = id;
    v.squareUrl = "/photos/" + id + "/square." + ext;
    v.licenseCode = license;
    v.attribution = "(c) someone, some rights reserved (CC BY)";
    return v;
  }

  @Test
  void storedSizesOnlyNearestFirstOddExtensionsArePlaceholders() throws Exception {
    DirectoryPhotoStore store = DirectoryPhotoStore.open(tmp.resolve("store"));
    Path jpeg = SharedData.data("photos/plants/tulipa").toFile().listFiles()[0].toPath();
    for (String size : new String[] {"thumb", "large"}) {
      store.put(new PhotoKey(5, size, "jpg"), jpeg, null);
    }
    PhotoCards cards = new PhotoCards(new WebConfig(new ApiConfig(WebConfig.PHOTOS_PATH), store),
        new PhotoPresence(store));

    PhotoCards.PhotoCard c = cards.card(view(5, "jpg", "cc-by"), "medium", "Tulipa", true);
    assertThat(c.src()).isEqualTo("/photos/5/large.jpg"); // medium is missing: the next larger one stands in
    assertThat(c.srcset()).isEqualTo("/photos/5/thumb.jpg 100w, /photos/5/large.jpg 1024w");
    assertThat(c.largest()).isEqualTo("/photos/5/large.jpg");
    assertThat(c.license()).isEqualTo("CC BY");
    assertThat(c.sizes()).hasSize(6).filteredOn(PhotoCards.SizeLink::local).extracting(PhotoCards.SizeLink::size)
        .containsExactly("thumb", "large");
    assertThat(c.sizes()).filteredOn(s -> !s.local()).allSatisfy(s ->
        assertThat(s.url()).startsWith("https://inaturalist-open-data.s3.amazonaws.com/photos/5/"));

    PhotoCards.PhotoCard small = cards.card(view(5, "jpg", null), "square", "Tulipa");
    assertThat(small.src()).isEqualTo("/photos/5/thumb.jpg");
    assertThat(small.license()).isNull();

    // an extension no bucket key can have: a placeholder, not an error
    PhotoCards.PhotoCard odd = cards.card(view(5, "j p\"g", "cc0"), "medium", "Tulipa");
    assertThat(odd.src()).isNull();
    assertThat(odd.srcset()).isNull();
    assertThat(odd.license()).isEqualTo("CC0");

    PhotoCards.PhotoCard none = cards.card(view(6, "jpg", "cc-by-nc-sa"), "medium", "Tulipa");
    assertThat(none.src()).isNull();
    assertThat(none.license()).isEqualTo("CC BY-NC-SA");
  }
}
